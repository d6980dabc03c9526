//! Planning a membership change: from the members a VServer group has to the members
//! wanted, in the fewest calls of at most 20 servers (Remove, Add, then Set), never an
//! empty one. The plan is pure: applying it (one call at a time, waiting out a group that
//! is still busy) is the client's.

use super::backend_server::{check_members, BackendServer, ServerType, MAX_BACKEND_SERVERS};
use super::SlbAction;
use crate::error::{into_result, Error};

/// The weight the service gives a member added without one.
pub const DEFAULT_WEIGHT: u8 = 100;

/// One call of a plan: an action and its 1 to 20 servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanCall {
    /// `AddVServerGroupBackendServers`, `RemoveVServerGroupBackendServers` or
    /// `SetVServerGroupAttribute`.
    pub action: SlbAction,
    pub backend_servers: Vec<BackendServer>,
}

/// What changes, the calls that make the change, in order, and the plan for people.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MembershipPlan {
    pub add: Vec<BackendServer>,
    pub remove: Vec<BackendServer>,
    /// Members kept with a new weight or description (as they will be).
    pub update: Vec<BackendServer>,
    pub calls: Vec<PlanCall>,
    /// `+ vm-240:80 w100`, `- vm-231:70`, `~ vm-233:80 weight 100 → 50`.
    pub lines: Vec<String>,
}

impl MembershipPlan {
    /// Nothing to change.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// Plans the change from `current` (as a Describe reads them) to `desired`. A desired
/// member fixes its weight (absent: the service's default, 100) and, only when it gives one,
/// its description. Desired members are validated first (`ValidationFailed`, paths
/// `desired[i]...`); `add_first` orders Add before Remove, so capacity never drops.
pub fn plan_membership(
    current: &[BackendServer],
    desired: &[BackendServer],
    add_first: bool,
) -> Result<MembershipPlan, Error> {
    let mut issues = Vec::new();
    check_members(desired, "desired", &mut issues);
    into_result(issues)?;

    // Sorted by identity and searched: no hash tables (they cost the signing module 8 KB).
    let now = by_identity(current);
    let wanted = by_identity(desired);
    let mut plan = MembershipPlan::default();
    let mut update_lines = Vec::new();
    for server in desired {
        match find(&now, server) {
            None => plan.add.push(server.clone()),
            Some(had) => {
                if let Some(update) = update_of(had, server) {
                    update_lines.push(update_line(had, &update));
                    plan.update.push(update);
                }
            }
        }
    }
    // In the order Describe gave them; a member listed twice, once (its first listing).
    plan.remove = current
        .iter()
        .filter(|s| {
            find(&wanted, s).is_none() && find(&now, s).is_some_and(|kept| std::ptr::eq(kept, *s))
        })
        .cloned()
        .collect();

    let (first, second) = if add_first {
        (
            (SlbAction::AddVServerGroupBackendServers, &plan.add),
            (SlbAction::RemoveVServerGroupBackendServers, &plan.remove),
        )
    } else {
        (
            (SlbAction::RemoveVServerGroupBackendServers, &plan.remove),
            (SlbAction::AddVServerGroupBackendServers, &plan.add),
        )
    };
    let update = (SlbAction::SetVServerGroupAttribute, &plan.update);
    let calls: Vec<PlanCall> = [first, second, update]
        .into_iter()
        .flat_map(|(action, servers)| {
            servers
                .chunks(MAX_BACKEND_SERVERS)
                .map(move |chunk| PlanCall {
                    action,
                    backend_servers: chunk.to_vec(),
                })
        })
        .collect();
    plan.lines = lines(&plan, add_first, update_lines);
    plan.calls = calls;
    Ok(plan)
}

/// The server of `list` (sorted by identity) with the identity of `server`.
fn find<'a>(list: &[&'a BackendServer], server: &BackendServer) -> Option<&'a BackendServer> {
    list.binary_search_by(|s| s.identity().cmp(&server.identity()))
        .ok()
        .map(|i| list[i])
}

/// The servers sorted by identity, the first of a repeated one kept.
fn by_identity(servers: &[BackendServer]) -> Vec<&BackendServer> {
    let mut sorted: Vec<&BackendServer> = servers.iter().collect();
    sorted.sort_by(|a, b| a.identity().cmp(&b.identity()));
    sorted.dedup_by(|a, b| a.identity() == b.identity());
    sorted
}

/// The member as it should be, when its weight or description changes.
fn update_of(had: &BackendServer, wanted: &BackendServer) -> Option<BackendServer> {
    let weight = wanted.weight.unwrap_or(DEFAULT_WEIGHT);
    let weight_changes = had.weight.unwrap_or(DEFAULT_WEIGHT) != weight;
    let description_changes = wanted
        .description
        .as_ref()
        .is_some_and(|d| had.description.as_ref() != Some(d));
    (weight_changes || description_changes).then(|| BackendServer {
        weight: Some(weight),
        ..wanted.clone()
    })
}

/// A member for people: `vm-233:80`, `eni-1:80@172.16.0.10`.
fn name(server: &BackendServer) -> String {
    match server.identity() {
        (id, port, Some(ip)) => format!("{id}:{port}@{ip}"),
        (id, port, None) => format!("{id}:{port}"),
    }
}

fn lines(plan: &MembershipPlan, add_first: bool, updates: Vec<String>) -> Vec<String> {
    let added = plan.add.iter().map(|s| {
        let weight = s.weight.unwrap_or(DEFAULT_WEIGHT);
        let kind = match s.server_type {
            Some(t @ (ServerType::Eni | ServerType::Eci)) => format!(" {}", t.as_str()),
            _ => String::new(),
        };
        format!("+ {} w{weight}{kind}", name(s))
    });
    let removed = plan.remove.iter().map(|s| format!("- {}", name(s)));
    let (mut out, rest): (Vec<String>, Vec<String>) = if add_first {
        (added.collect(), removed.collect())
    } else {
        (removed.collect(), added.collect())
    };
    out.extend(rest);
    out.extend(updates);
    out
}

fn update_line(had: &BackendServer, now: &BackendServer) -> String {
    let mut changes = Vec::new();
    let (before, after) = (
        had.weight.unwrap_or(DEFAULT_WEIGHT),
        now.weight.unwrap_or(DEFAULT_WEIGHT),
    );
    if before != after {
        changes.push(format!("weight {before} → {after}"));
    }
    if let Some(d) = now
        .description
        .as_ref()
        .filter(|d| had.description.as_ref() != Some(*d))
    {
        let before = had.description.as_deref().unwrap_or("");
        changes.push(format!("description {before:?} → {d:?}"));
    }
    format!("~ {} {}", name(now), changes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(id: &str, port: u16, weight: u8) -> BackendServer {
        BackendServer::new(id, port).weight(weight)
    }

    #[test]
    fn the_issue_example_lines() {
        let current = [s("vm-231", 70, 100), s("vm-233", 80, 100)];
        let desired = [BackendServer::new("vm-240", 80), s("vm-233", 80, 50)];
        let plan = plan_membership(&current, &desired, false).unwrap();
        assert_eq!(
            plan.lines,
            [
                "- vm-231:70",
                "+ vm-240:80 w100",
                "~ vm-233:80 weight 100 → 50"
            ]
        );
        let actions: Vec<SlbAction> = plan.calls.iter().map(|c| c.action).collect();
        assert_eq!(
            actions,
            [
                SlbAction::RemoveVServerGroupBackendServers,
                SlbAction::AddVServerGroupBackendServers,
                SlbAction::SetVServerGroupAttribute
            ]
        );
        let first = plan_membership(&current, &desired, true).unwrap();
        assert_eq!(
            first.calls[0].action,
            SlbAction::AddVServerGroupBackendServers
        );
        assert_eq!(first.lines[0], "+ vm-240:80 w100");
    }

    #[test]
    fn an_ecs_ip_from_describe_does_not_make_another_member() {
        let current = [s("vm-1", 80, 100)
            .server_ip("10.0.0.1")
            .server_type(ServerType::Ecs)];
        let plan = plan_membership(&current, &[BackendServer::new("vm-1", 80)], false).unwrap();
        assert!(plan.is_empty(), "{plan:?}");
        let eni = |ip: &str| {
            BackendServer::new("eni-1", 80)
                .server_type(ServerType::Eni)
                .server_ip(ip)
        };
        let plan = plan_membership(&[eni("10.0.0.1")], &[eni("10.0.0.2")], false).unwrap();
        assert_eq!(
            plan.lines,
            ["- eni-1:80@10.0.0.1", "+ eni-1:80@10.0.0.2 w100 eni"]
        );
    }

    #[test]
    fn descriptions_change_only_when_given() {
        let current = [s("vm-1", 80, 100).description("old")];
        assert!(
            plan_membership(&current, &[BackendServer::new("vm-1", 80)], false)
                .unwrap()
                .is_empty()
        );
        let plan = plan_membership(
            &current,
            &[BackendServer::new("vm-1", 80).description("new")],
            false,
        )
        .unwrap();
        assert_eq!(plan.lines, ["~ vm-1:80 description \"old\" → \"new\""]);
        assert_eq!(plan.update[0].weight, Some(100));
    }

    #[test]
    fn invalid_desired_members_are_reported_before_planning() {
        let err = plan_membership(
            &[],
            &[
                s("vm-1", 80, 100),
                s("vm-1", 80, 5),
                BackendServer::new("", 0),
            ],
            false,
        )
        .unwrap_err();
        let found: Vec<(&str, &str)> = err
            .issues()
            .iter()
            .map(|i| (i.path.as_str(), i.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("desired[2].serverId", "MissingParameter"),
                ("desired[2].port", "InvalidPort"),
                ("desired[1]", "DuplicateBackendServer")
            ]
        );
    }
}
