//! Typed SLB (Server Load Balancer, API version 2014-05-15) requests, strictly typed.
//!
//! Each action is declared once in [`actions`] (see [`declare`]): its type, validation and
//! parameters follow from that entry. [`sign_request`] does the rest (checks of
//! credentials and options, the endpoint, the common parameters). Loose input (JSON, numbers
//! as strings, aliases) is not read here: that is the input layer's job (`crate::js`).

pub mod actions;
pub mod backend_server;
pub mod checks;
pub mod declare;
pub mod plan;

pub use actions::{
    AddVServerGroupBackendServers, AnySlbRequest, CreateVServerGroup, DeleteVServerGroup,
    DescribeVServerGroupAttribute, DescribeVServerGroups, ModifyVServerGroupBackendServers,
    RemoveVServerGroupBackendServers, SetVServerGroupAttribute, SlbAction,
};
pub use backend_server::{
    serialize_backend_servers, BackendServer, ServerType, MAX_BACKEND_SERVERS,
};
pub use checks::Tag;
pub use declare::{FieldKind, FieldSpec, Params};
pub use plan::{plan_membership, MembershipPlan, PlanCall};

use crate::credentials::Credentials;
use crate::error::{into_result, Error, ErrorKind, ValidationIssue};
use crate::rpc::acs3::fits_a_header;
use crate::rpc::{
    self, Endpoint, Format, Method, SignatureAlgorithm, SignedParts, SignedRequest, SigningParams,
};
use crate::timestamp::Timestamp;

/// The SLB API version every request here is signed for.
pub const API_VERSION: &str = "2014-05-15";

/// An SLB API request.
pub trait SlbRequest {
    /// Its action (the `Action` parameter).
    fn action(&self) -> SlbAction;

    /// The region, which also picks the default endpoint.
    fn region_id(&self) -> &str;

    /// Validates the request, appending every problem to `issues` (paths relative to the
    /// request, e.g. `backendServers[2].port`), and returns its API parameters
    /// (`RegionId` included; meaningful only when nothing was appended).
    fn to_params(&self, issues: &mut Vec<ValidationIssue>) -> Params;

    /// Every problem with the request; empty when it is valid.
    fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Vec::new();
        self.to_params(&mut issues);
        issues
    }
}

/// How to sign a typed request. The timestamp and nonce are required: the caller owns the
/// clock and the random source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignOptions {
    /// Overrides the region's endpoint, e.g. a local emulator.
    pub endpoint: Option<Endpoint>,
    pub method: Method,
    pub format: Format,
    /// ACS3-HMAC-SHA256 sends every parameter in the query, for GET and POST alike.
    pub signature_algorithm: SignatureAlgorithm,
    pub timestamp: Timestamp,
    /// Must not be empty.
    pub nonce: String,
}

impl SignOptions {
    pub fn new(timestamp: Timestamp, nonce: impl Into<String>) -> Self {
        Self {
            endpoint: None,
            method: Method::Get,
            format: Format::Json,
            signature_algorithm: SignatureAlgorithm::HmacSha1,
            timestamp,
            nonce: nonce.into(),
        }
    }

    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    pub fn signature_algorithm(mut self, algorithm: SignatureAlgorithm) -> Self {
        self.signature_algorithm = algorithm;
        self
    }
}

/// Checks a region id's shape: lower-case words of `a-z0-9` joined by `-`
/// (`cn-hangzhou`, `ap-southeast-1`).
pub fn is_region_id(region_id: &str) -> bool {
    let mut words = 0;
    for word in region_id.split('-') {
        if word.is_empty()
            || !word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return false;
        }
        words += 1;
    }
    words >= 2 && region_id.as_bytes()[0].is_ascii_lowercase()
}

/// Appends the issues of a region id at `path`.
pub(crate) fn check_region_id(region_id: &str, path: &str, issues: &mut Vec<ValidationIssue>) {
    if region_id.is_empty() {
        issues.push(ValidationIssue::new(
            path,
            ErrorKind::MissingParameter,
            "the region id is required",
        ));
    } else if !is_region_id(region_id) {
        issues.push(ValidationIssue::new(
            path,
            ErrorKind::InvalidRegionId,
            format!(
                "the region id {region_id:?} is not a region id like cn-hangzhou or ap-southeast-1 (lower-case words joined by -)"
            ),
        ));
    }
}

/// The default endpoint of a region: `https://slb.aliyuncs.com` for `cn-hangzhou`,
/// `https://slb.<RegionId>.aliyuncs.com` otherwise.
pub fn endpoint_for_region(region_id: &str) -> Result<String, Error> {
    let mut issues = Vec::new();
    check_region_id(region_id, "regionId", &mut issues);
    if let Some(issue) = issues.pop() {
        return Err(Error::new(issue.code, Some(&issue.path), issue.message));
    }
    Ok(if region_id == "cn-hangzhou" {
        "https://slb.aliyuncs.com".to_owned()
    } else {
        format!("https://slb.{region_id}.aliyuncs.com")
    })
}

/// Validates `request`, `credentials` (strictly: no pasted whitespace) and `options`
/// together, reporting every problem at once, then signs.
pub fn sign_request<R: SlbRequest + ?Sized>(
    request: &R,
    credentials: &Credentials,
    options: &SignOptions,
) -> Result<SignedRequest, Error> {
    sign_request_with(
        request,
        credentials,
        options,
        |found| found,
        |parts| parts.into_signed_request(),
    )
}

/// [`sign_request`], with `merge` adding the issues a caller found before (the input
/// layer's) to validation's own, and `finish` turning the signed parts into the result
/// while they still borrow the request.
pub(crate) fn sign_request_with<R: SlbRequest + ?Sized, T>(
    request: &R,
    credentials: &Credentials,
    options: &SignOptions,
    merge: impl FnOnce(Vec<ValidationIssue>) -> Vec<ValidationIssue>,
    finish: impl FnOnce(SignedParts<'_>) -> T,
) -> Result<T, Error> {
    let mut issues = Vec::new();
    let api_params = request.to_params(&mut issues);
    credentials.check_strict(&mut issues);
    if options.nonce.is_empty() {
        issues.push(ValidationIssue::new(
            "options.nonce",
            ErrorKind::InvalidNonce,
            "the signature nonce is empty",
        ));
    } else if options.signature_algorithm == SignatureAlgorithm::Acs3HmacSha256
        && !fits_a_header(&options.nonce)
    {
        issues.push(ValidationIssue::new(
            "options.nonce",
            ErrorKind::InvalidHeaderValue,
            "the signature nonce is sent as the header x-acs-signature-nonce, which cannot hold control characters",
        ));
    }
    into_result(merge(issues))?;
    let region_endpoint;
    let endpoint = match &options.endpoint {
        Some(given) => given,
        None => {
            // Valid: validation checked the region.
            region_endpoint = Endpoint::parse(&endpoint_for_region(request.region_id())?)?;
            &region_endpoint
        }
    };

    let mut params: Vec<(&str, &str)> = Vec::with_capacity(api_params.len() + 3);
    params.push(("Action", request.action().as_str()));
    params.push(("Version", API_VERSION));
    params.push(("Format", options.format.as_str()));
    params.extend(api_params.iter().map(|(n, v)| (n.as_ref(), v.as_str())));
    let signing = SigningParams {
        credentials,
        timestamp: &options.timestamp,
        nonce: &options.nonce,
    };
    let no_body = Vec::new();
    rpc::sign_parts(
        options.signature_algorithm,
        options.method,
        endpoint,
        params,
        no_body,
        &signing,
    )
    .map(finish)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_ids() {
        for ok in [
            "cn-hangzhou",
            "ap-southeast-1",
            "cn-north-2-gov-1",
            "us-east-1",
        ] {
            assert!(is_region_id(ok), "{ok}");
        }
        for bad in [
            "",
            "cn",
            "CN-hangzhou",
            "cn_hangzhou",
            "cn--hangzhou",
            "-cn",
            "cn-",
            "1cn-x",
            "cn-hangzhou ",
            "杭州-1",
        ] {
            assert!(!is_region_id(bad), "{bad}");
        }
    }

    #[test]
    fn endpoints_for_regions() {
        assert_eq!(
            endpoint_for_region("cn-hangzhou").unwrap(),
            "https://slb.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("ap-southeast-1").unwrap(),
            "https://slb.ap-southeast-1.aliyuncs.com"
        );
        let err = endpoint_for_region("Hangzhou").unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            ("InvalidRegionId", Some("regionId"))
        );
        assert_eq!(
            endpoint_for_region("").unwrap_err().code(),
            "MissingParameter"
        );
    }
}
