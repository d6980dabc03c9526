//! The VServer-group family, each action declared once (see [`super::declare`]). Facts and
//! limits: the API's pages; every action requires `RegionId`.

use super::backend_server::BackendServer;
use super::checks::{self, Tag};
use super::declare::slb_actions;
use crate::error::{ErrorKind, ValidationIssue};

slb_actions! {
    /// `CreateVServerGroup`: a new VServer group on a load balancer.
    CreateVServerGroup {
        /// e.g. `cn-hangzhou`.
        region_id: required String = ("regionId", "RegionId", checks::region),
        /// e.g. `lb-bp1demo0000000000000`.
        load_balancer_id: required String = ("loadBalancerId", "LoadBalancerId", checks::load_balancer_id),
        /// 1 to 80 characters.
        v_server_group_name: optional String = ("vServerGroupName", "VServerGroupName", checks::group_name),
        /// At most 20 members to start with.
        backend_servers: optional Vec<BackendServer> = ("backendServers", "BackendServers", checks::members),
        /// At most 20.
        tags: optional Vec<Tag> = ("tags", "Tag", checks::tags),
    }

    /// `DeleteVServerGroup`: refused by the service while a listener or rule uses the group.
    DeleteVServerGroup {
        region_id: required String = ("regionId", "RegionId", checks::region),
        v_server_group_id: required String = ("vServerGroupId", "VServerGroupId", checks::v_server_group_id),
    }

    /// `DescribeVServerGroups`: the groups of a load balancer.
    DescribeVServerGroups {
        region_id: required String = ("regionId", "RegionId", checks::region),
        load_balancer_id: required String = ("loadBalancerId", "LoadBalancerId", checks::load_balancer_id),
        /// Also answer the forwarding rules that use each group.
        include_rule: optional bool = ("includeRule", "IncludeRule", checks::flag),
        /// Also answer the listeners that use each group.
        include_listener: optional bool = ("includeListener", "IncludeListener", checks::flag),
        /// Only groups whose name holds this text.
        description: optional String = ("description", "Description", checks::description),
        /// Only groups with these tags.
        tags: optional Vec<Tag> = ("tags", "Tag", checks::tags),
    }

    /// `DescribeVServerGroupAttribute`: a group and its members.
    DescribeVServerGroupAttribute {
        region_id: required String = ("regionId", "RegionId", checks::region),
        v_server_group_id: required String = ("vServerGroupId", "VServerGroupId", checks::v_server_group_id),
    }

    /// `SetVServerGroupAttribute`: renames a group, or changes its members' weight and
    /// description.
    SetVServerGroupAttribute {
        region_id: required String = ("regionId", "RegionId", checks::region),
        v_server_group_id: required String = ("vServerGroupId", "VServerGroupId", checks::v_server_group_id),
        v_server_group_name: optional String = ("vServerGroupName", "VServerGroupName", checks::group_name),
        /// Members of the group with their new weight or description; at most 20.
        backend_servers: optional Vec<BackendServer> = ("backendServers", "BackendServers", checks::members),
    }

    /// `AddVServerGroupBackendServers`: adds running servers to a group.
    AddVServerGroupBackendServers {
        /// e.g. `cn-hangzhou`.
        region_id: required String = ("regionId", "RegionId", checks::region),
        /// e.g. `rsp-cige6j5e7p`.
        v_server_group_id: required String = ("vServerGroupId", "VServerGroupId", checks::v_server_group_id),
        /// 1 to 20 servers.
        backend_servers: required Vec<BackendServer> = ("backendServers", "BackendServers", checks::members),
    }

    /// `RemoveVServerGroupBackendServers`: takes members out of a group. Weight and
    /// description are accepted (members read from a Describe) and not sent.
    RemoveVServerGroupBackendServers {
        region_id: required String = ("regionId", "RegionId", checks::region),
        v_server_group_id: required String = ("vServerGroupId", "VServerGroupId", checks::v_server_group_id),
        /// 1 to 20 members.
        backend_servers: required Vec<BackendServer> = ("backendServers", "BackendServers", checks::identities),
    }

    /// `ModifyVServerGroupBackendServers`: replaces members, the Nth old one by the Nth new.
    ModifyVServerGroupBackendServers {
        region_id: required String = ("regionId", "RegionId", checks::region),
        v_server_group_id: required String = ("vServerGroupId", "VServerGroupId", checks::v_server_group_id),
        /// 1 to 20 members now in the group.
        old_backend_servers: required Vec<BackendServer> = ("oldBackendServers", "OldBackendServers", checks::members),
        /// As many members to put in their place.
        new_backend_servers: required Vec<BackendServer> = ("newBackendServers", "NewBackendServers", checks::members),
    } => same_count
}

/// Modify's lists pair up one to one.
fn same_count(request: &ModifyVServerGroupBackendServers, issues: &mut Vec<ValidationIssue>) {
    let (old, new) = (
        request.old_backend_servers.len(),
        request.new_backend_servers.len(),
    );
    if old != new && old > 0 && new > 0 {
        issues.push(ValidationIssue::new(
            "newBackendServers",
            ErrorKind::MismatchedBackendServers,
            format!("newBackendServers must have as many members as oldBackendServers ({old}), not {new}"),
        ));
    }
}
