//! AccessKey credentials. `Debug` redacts the secret and the token.

use std::fmt;

use crate::error::{ErrorKind, ValidationIssue};

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// STS temporary credentials. An empty token counts as none.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.security_token = (!token.is_empty()).then_some(token);
        self
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// The checks every signing needs: id and secret present.
    pub(crate) fn check_present(&self, issues: &mut Vec<ValidationIssue>) {
        if self.access_key_id.is_empty() {
            issues.push(ValidationIssue::new(
                "credentials.accessKeyId",
                ErrorKind::InvalidCredentials,
                "the AccessKey id is empty",
            ));
        }
        if self.access_key_secret.is_empty() {
            issues.push(ValidationIssue::new(
                "credentials.accessKeySecret",
                ErrorKind::InvalidCredentials,
                "the AccessKey secret is empty",
            ));
        }
    }

    /// The typed requests' stricter checks: also refuse pasted whitespace. Never echoes a value.
    pub(crate) fn check_strict(&self, issues: &mut Vec<ValidationIssue>) {
        self.check_present(issues);
        let fields = [
            (
                "credentials.accessKeyId",
                "AccessKey id",
                Some(self.access_key_id.as_str()),
            ),
            (
                "credentials.accessKeySecret",
                "AccessKey secret",
                Some(self.access_key_secret.as_str()),
            ),
            (
                "credentials.securityToken",
                "security token",
                self.security_token.as_deref(),
            ),
        ];
        for (path, what, value) in fields {
            let Some(value) = value.filter(|v| !v.is_empty()) else {
                continue;
            };
            if value.trim() != value {
                issues.push(ValidationIssue::new(
                    path,
                    ErrorKind::InvalidCredentials,
                    format!("the {what} has leading or trailing whitespace (a common paste mistake: remove it)"),
                ));
            } else if value.chars().any(char::is_control) {
                issues.push(ValidationIssue::new(
                    path,
                    ErrorKind::InvalidCredentials,
                    format!("the {what} contains control characters"),
                ));
            }
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
