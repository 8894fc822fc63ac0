//! The other side of a connector: the four endpoints the portal calls, server to server
//! (`../shared/spec/endpoint-protocol.md`). [`requests`] writes what the portal sends them.

pub mod requests;

/// One of the four URLs a connector registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    UrlCheck,
    UrlTableList,
    UrlTableDescription,
    UrlData,
}

impl Endpoint {
    pub const ALL: [Endpoint; 4] = [
        Endpoint::UrlCheck,
        Endpoint::UrlTableList,
        Endpoint::UrlTableDescription,
        Endpoint::UrlData,
    ];

    /// The connector field that holds its URL.
    pub const fn field(self) -> &'static str {
        match self {
            Endpoint::UrlCheck => "urlCheck",
            Endpoint::UrlTableList => "urlTableList",
            Endpoint::UrlTableDescription => "urlTableDescription",
            Endpoint::UrlData => "urlData",
        }
    }

    /// Its name as a method: `endpoint.urlCheck`.
    pub fn name(self) -> String {
        format!("endpoint.{}", self.field())
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Endpoint;

    /// The names the issue gives the four methods.
    #[test]
    fn endpoints_are_named_as_methods() {
        let names: Vec<String> = Endpoint::ALL.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            names,
            [
                "endpoint.urlCheck",
                "endpoint.urlTableList",
                "endpoint.urlTableDescription",
                "endpoint.urlData"
            ]
        );
    }
}
