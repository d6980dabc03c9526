//! `AddVServerGroupBackendServers`: add backend servers to a VServer group.

use super::backend_server::{backend_servers_json, BackendServer};
use super::{check_region_id, SlbRequest};
use crate::error::{ErrorKind, ValidationIssue};

const MAX_GROUP_ID_CHARS: usize = 64;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddVServerGroupBackendServers {
    /// e.g. `cn-hangzhou`.
    pub region_id: String,
    /// e.g. `rsp-cige6j5e7p`.
    pub v_server_group_id: String,
    /// 1 to 20 servers.
    pub backend_servers: Vec<BackendServer>,
}

impl AddVServerGroupBackendServers {
    pub fn new(
        region_id: impl Into<String>,
        v_server_group_id: impl Into<String>,
        backend_servers: Vec<BackendServer>,
    ) -> Self {
        Self {
            region_id: region_id.into(),
            v_server_group_id: v_server_group_id.into(),
            backend_servers,
        }
    }
}

impl SlbRequest for AddVServerGroupBackendServers {
    const ACTION: &'static str = "AddVServerGroupBackendServers";

    fn region_id(&self) -> &str {
        &self.region_id
    }

    fn to_params(&self, issues: &mut Vec<ValidationIssue>) -> Vec<(&'static str, String)> {
        check_region_id(&self.region_id, "regionId", issues);
        check_v_server_group_id(&self.v_server_group_id, "vServerGroupId", issues);
        let servers = backend_servers_json(&self.backend_servers, "backendServers", issues);
        vec![
            ("RegionId", self.region_id.clone()),
            ("VServerGroupId", self.v_server_group_id.clone()),
            ("BackendServers", servers),
        ]
    }
}

/// A VServer group id: 1 to 64 of `A-Za-z0-9_-`.
pub(crate) fn check_v_server_group_id(id: &str, path: &str, issues: &mut Vec<ValidationIssue>) {
    if id.is_empty() {
        issues.push(ValidationIssue::new(
            path,
            ErrorKind::MissingParameter,
            "the VServer group id is required",
        ));
    } else if id.len() > MAX_GROUP_ID_CHARS
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        issues.push(ValidationIssue::new(
            path,
            ErrorKind::InvalidVServerGroupId,
            format!("a VServer group id is 1 to {MAX_GROUP_ID_CHARS} of A-Z a-z 0-9 _ - (like rsp-cige6j5e7p)"),
        ));
    }
}
