//! The server's rules as data: portal versions, the code table, the field schema and the order
//! of the checks. Checks read these tables; nothing here judges a request.

pub mod codes;
pub mod fields;
pub mod methods;
pub mod order;
pub mod schema;
pub mod target;

pub use codes::{Code, Message, Origin, Severity};
pub use target::Target;
