//! Portal versions whose validation differs (spec §1.2).

use std::fmt;
use std::str::FromStr;

/// A portal version to predict answers for. Ordered: a later variant has every feature of an
/// earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Target {
    /// biconnector 25.300.0: lower snake_case key conversion, only `STRING` settings.
    V25_300,
    /// biconnector 25.550.100: upper snake_case key conversion, webhooks refused.
    V25_550,
    /// biconnector 25.1150.0: `supportMapping` joins the schema.
    V25_1150,
    /// biconnector 26.250.0, the newest public server code: `INT` settings.
    V26_250,
    /// Bitrix24 cloud as documented: 26.250 plus `sourceCode` (inferred from the docs; no public
    /// server code accepts it).
    #[default]
    Cloud,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::V25_300,
        Target::V25_550,
        Target::V25_1150,
        Target::V26_250,
        Target::Cloud,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Target::V25_300 => "25.300",
            Target::V25_550 => "25.550",
            Target::V25_1150 => "25.1150",
            Target::V26_250 => "26.250",
            Target::Cloud => "cloud",
        }
    }

    /// Whether this version has a feature introduced in `since`.
    pub fn has(self, since: Target) -> bool {
        self >= since
    }

    /// 25.300 converted request keys to lower snake_case; later versions to upper.
    pub fn converts_to_upper(self) -> bool {
        self.has(Target::V25_550)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;

    /// In any case (`CLOUD`); a near miss gets a suggestion.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let written = s.trim();
        Target::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(written))
            .ok_or_else(|| {
                let names: Vec<_> = Target::ALL.iter().map(|t| t.name()).collect();
                match crate::suggest::did_you_mean(written, &names) {
                    Some(near) => format!("unknown target `{s}`; did you mean `{near}`?"),
                    None => format!("unknown target `{s}`; expected one of {}", names.join(", ")),
                }
            })
    }
}
