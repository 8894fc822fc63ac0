//! Strict, span-keeping JSON: what PHP's `json_decode` accepts, and nothing more.

pub mod keys;
mod parse;
mod tree;

pub use parse::{decode_number, parse, Parsed, SyntaxError, MAX_DEPTH};
pub use tree::{Entry, Member, Node, Number, Value};
