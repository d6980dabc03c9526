//! The endpoint a request goes to: `http(s)://host[:port]` with an empty or `/` path.
//!
//! Hand-parsed rather than with the `url` crate: its IDNA tables would add far more to the
//! wasm module than this whole check, and an endpoint needs none of them.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The endpoint as given, without its trailing `/`.
    base: String,
    host_start: usize,
}

impl Endpoint {
    pub fn parse(input: &str) -> Result<Self, Error> {
        parse(input).map_err(|why| {
            Error::new(
                ErrorKind::InvalidEndpoint,
                Some("endpoint"),
                format!(
                    "the endpoint must be an absolute http(s) URL like https://slb.aliyuncs.com: {why}"
                ),
            )
        })
    }

    /// `scheme://host[:port]`, no trailing slash.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// The host and optional port.
    pub fn authority(&self) -> &str {
        &self.base[self.host_start..]
    }

    /// The `host` header a client sends here (what a URL's `host` gives): lower-case,
    /// without the scheme's default port.
    pub fn host(&self) -> String {
        let https = starts_with_ignore_case(&self.base, "https://");
        let default_port = if https { ":443" } else { ":80" };
        let host = self.authority().to_ascii_lowercase();
        match host.strip_suffix(default_port) {
            Some(bare) => bare.to_owned(),
            None => host,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

impl FromStr for Endpoint {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

fn parse(input: &str) -> Result<Endpoint, &'static str> {
    if input.is_empty() {
        return Err("it is empty");
    }
    if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains whitespace or control characters");
    }
    let host_start = if starts_with_ignore_case(input, "https://") {
        8
    } else if starts_with_ignore_case(input, "http://") {
        7
    } else {
        return Err("the scheme must be http:// or https://");
    };
    if input.contains('?') {
        return Err("it must not have a query");
    }
    if input.contains('#') {
        return Err("it must not have a fragment");
    }
    let rest = &input[host_start..];
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if !(path.is_empty() || path == "/") {
        return Err("its path must be empty or /");
    }
    check_authority(authority)?;
    Ok(Endpoint {
        base: input[..host_start + authority.len()].to_owned(),
        host_start,
    })
}

fn check_authority(authority: &str) -> Result<(), &'static str> {
    if authority.contains('@') {
        return Err("it must not carry user information");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or("an IPv6 host needs its closing ]")?;
        if v6[..end].parse::<std::net::Ipv6Addr>().is_err() {
            return Err("the IPv6 host is not valid");
        }
        (&authority[..end + 2], &v6[end + 1..])
    } else {
        let split = authority.find(':').unwrap_or(authority.len());
        (&authority[..split], &authority[split..])
    };
    if host.is_empty() {
        return Err("it has no host");
    }
    if !host.starts_with('[')
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        return Err("the host has characters a host name cannot have");
    }
    if let Some(digits) = port.strip_prefix(':') {
        match digits.parse::<u16>() {
            Ok(p) if p > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {}
            _ => return Err("the port must be a number from 1 to 65535"),
        }
    } else if !port.is_empty() {
        return Err("the host is not valid");
    }
    Ok(())
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::Endpoint;

    #[test]
    fn accepts_hosts_ports_and_one_trailing_slash() {
        for (input, base) in [
            ("https://slb.aliyuncs.com", "https://slb.aliyuncs.com"),
            ("https://slb.aliyuncs.com/", "https://slb.aliyuncs.com"),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
            ("http://[::1]:8081/", "http://[::1]:8081"),
            ("HTTPS://SLB.aliyuncs.com", "HTTPS://SLB.aliyuncs.com"),
        ] {
            assert_eq!(Endpoint::parse(input).unwrap().as_str(), base, "{input}");
        }
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:8081/")
                .unwrap()
                .authority(),
            "127.0.0.1:8081"
        );
    }

    #[test]
    fn host_is_what_a_client_sends() {
        for (input, host) in [
            ("http://127.0.0.1:18081", "127.0.0.1:18081"),
            ("HTTPS://SLB.aliyuncs.com/", "slb.aliyuncs.com"),
            ("https://slb.aliyuncs.com:443", "slb.aliyuncs.com"),
            ("https://slb.aliyuncs.com:80", "slb.aliyuncs.com:80"),
            ("http://[::1]:80", "[::1]"),
            ("http://localhost:8443", "localhost:8443"),
        ] {
            assert_eq!(Endpoint::parse(input).unwrap().host(), host, "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_endpoint() {
        for input in [
            "",
            "slb.aliyuncs.com",
            "ftp://slb.aliyuncs.com",
            "https://",
            "https:///",
            "https://slb.aliyuncs.com/?a=b",
            "https://slb.aliyuncs.com/#x",
            "https://slb.aliyuncs.com/v1",
            "https://slb.aliyuncs.com//",
            "https://user:pw@slb.aliyuncs.com",
            "https://slb.aliyuncs.com:0",
            "https://slb.aliyuncs.com:65536",
            "https://slb.aliyuncs.com:+80",
            "https://slb.aliyuncs.com:",
            "https://slb aliyuncs.com",
            " https://slb.aliyuncs.com",
            "https://[::1",
            "https://[zz]:80",
        ] {
            let err = Endpoint::parse(input).unwrap_err();
            assert_eq!(err.code(), "InvalidEndpoint", "{input}");
            assert_eq!(err.path(), Some("endpoint"));
        }
    }
}
