//! One error type with a stable code per kind, and the validation issues it may carry.

use std::fmt;

/// A stable, machine-readable code. `as_str` is the public contract: JS callers branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A required field or parameter is missing or empty.
    MissingParameter,
    InvalidRegionId,
    InvalidVServerGroupId,
    TooManyBackendServers,
    InvalidPort,
    InvalidWeight,
    InvalidType,
    MissingServerIp,
    InvalidServerIp,
    InvalidServerId,
    InvalidDescription,
    DuplicateBackendServer,
    /// `ModifyVServerGroupBackendServers` with lists of different lengths.
    MismatchedBackendServers,
    InvalidVServerGroupName,
    InvalidLoadBalancerId,
    TooManyTags,
    InvalidTag,
    /// An action the generic functions do not know.
    UnknownAction,
    /// A field the request does not know (usually a typo).
    UnknownField,
    /// A value of the wrong type (a number where a string belongs, an object as a parameter value).
    InvalidInput,
    InvalidEndpoint,
    InvalidMethod,
    InvalidFormat,
    /// Not `HMAC-SHA1` or `ACS3-HMAC-SHA256`.
    InvalidSignatureAlgorithm,
    /// Body parameters where no body is sent (HMAC-SHA1, or GET).
    InvalidBodyParams,
    /// A value sent as a header (ACS3-HMAC-SHA256) holds control characters.
    InvalidHeaderValue,
    EmptyParameterName,
    DuplicateParameterName,
    /// A parameter named `Signature`: it is the output of signing, never an input.
    ReservedParameterName,
    InvalidCredentials,
    InvalidTimestamp,
    InvalidNonce,
    /// The request has one or more validation issues; see [`Error::issues`].
    ValidationFailed,
    /// What the service answered is not a response we can read (not JSON or XML, broken,
    /// hostile, or missing a field a typed result needs).
    MalformedResponse,
    /// The request failed before a response came (it may or may not have reached the service).
    NetworkError,
    /// No response within the time allowed.
    Timeout,
    /// The service answered with an error (the JS error carries the service's own code).
    ServiceError,
    /// The client's `retry` options are not usable (see [`crate::retry::RetryPolicy`]).
    InvalidRetryPolicy,
}

impl ErrorKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MissingParameter => "MissingParameter",
            Self::InvalidRegionId => "InvalidRegionId",
            Self::InvalidVServerGroupId => "InvalidVServerGroupId",
            Self::TooManyBackendServers => "TooManyBackendServers",
            Self::InvalidPort => "InvalidPort",
            Self::InvalidWeight => "InvalidWeight",
            Self::InvalidType => "InvalidType",
            Self::MissingServerIp => "MissingServerIp",
            Self::InvalidServerIp => "InvalidServerIp",
            Self::InvalidServerId => "InvalidServerId",
            Self::InvalidDescription => "InvalidDescription",
            Self::DuplicateBackendServer => "DuplicateBackendServer",
            Self::MismatchedBackendServers => "MismatchedBackendServers",
            Self::InvalidVServerGroupName => "InvalidVServerGroupName",
            Self::InvalidLoadBalancerId => "InvalidLoadBalancerId",
            Self::TooManyTags => "TooManyTags",
            Self::InvalidTag => "InvalidTag",
            Self::UnknownAction => "UnknownAction",
            Self::UnknownField => "UnknownField",
            Self::InvalidInput => "InvalidInput",
            Self::InvalidEndpoint => "InvalidEndpoint",
            Self::InvalidMethod => "InvalidMethod",
            Self::InvalidFormat => "InvalidFormat",
            Self::InvalidSignatureAlgorithm => "InvalidSignatureAlgorithm",
            Self::InvalidBodyParams => "InvalidBodyParams",
            Self::InvalidHeaderValue => "InvalidHeaderValue",
            Self::EmptyParameterName => "EmptyParameterName",
            Self::DuplicateParameterName => "DuplicateParameterName",
            Self::ReservedParameterName => "ReservedParameterName",
            Self::InvalidCredentials => "InvalidCredentials",
            Self::InvalidTimestamp => "InvalidTimestamp",
            Self::InvalidNonce => "InvalidNonce",
            Self::ValidationFailed => "ValidationFailed",
            Self::NetworkError => "NetworkError",
            Self::Timeout => "Timeout",
            Self::ServiceError => "ServiceError",
            Self::MalformedResponse => "MalformedResponse",
            Self::InvalidRetryPolicy => "InvalidRetryPolicy",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found by validation: where (`backendServers[2].port`), what (a code) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationIssue {
    pub path: String,
    pub code: ErrorKind,
    pub message: String,
}

impl ValidationIssue {
    pub fn new(path: impl Into<String>, code: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.code)
    }
}

/// The crate's error. Messages never contain a secret or a security token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: Option<String>,
    message: String,
    issues: Vec<ValidationIssue>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, path: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            kind,
            path: path.map(str::to_owned),
            message: message.into(),
            issues: Vec::new(),
        }
    }

    /// `ValidationFailed` with every issue found. `issues` must not be empty.
    pub(crate) fn validation(issues: Vec<ValidationIssue>) -> Self {
        debug_assert!(!issues.is_empty());
        let mut message = format!(
            "the request is invalid ({} issue{})",
            issues.len(),
            if issues.len() == 1 { "" } else { "s" }
        );
        for issue in &issues {
            message.push_str("\n  - ");
            message.push_str(&issue.to_string());
        }
        Self {
            kind: ErrorKind::ValidationFailed,
            path: None,
            message,
            issues,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable code, e.g. `InvalidEndpoint`.
    pub fn code(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The field or parameter at fault, when there is one.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// Every validation issue (empty unless the kind is `ValidationFailed`).
    pub fn issues(&self) -> &[ValidationIssue] {
        &self.issues
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {}

/// Turns a collected list into `Ok(())` or one `ValidationFailed` error.
pub(crate) fn into_result(issues: Vec<ValidationIssue>) -> Result<(), Error> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(issues))
    }
}
