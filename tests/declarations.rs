//! The package's TypeScript declarations and JS wrapper agree with the core's declaration
//! of each action: the same actions in the same order, and for every request the same
//! fields with the same optionality and type.
#![cfg(not(target_arch = "wasm32"))]

use aliyun_slb_wasm::js::object::MAX_FIELDS;
use aliyun_slb_wasm::SlbAction;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lines between `start` and the next line that is only `end`.
fn block<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} is declared"));
    text[from + start.len()..]
        .lines()
        .skip(1)
        .take_while(|line| line.trim() != end)
        .map(str::trim)
        .collect()
}

/// `name?: type;` lines of an interface, comments left out: (name, optional, type).
fn fields(lines: &[&str]) -> Vec<(String, bool, String)> {
    lines
        .iter()
        .filter(|l| {
            !l.is_empty() && !l.starts_with("/**") && !l.starts_with('*') && !l.starts_with("//")
        })
        .map(|l| {
            let (name, ty) = l.split_once(':').unwrap_or_else(|| panic!("a field: {l}"));
            let ty = ty.trim().trim_end_matches(';').to_owned();
            match name.strip_suffix('?') {
                Some(name) => (name.to_owned(), true, ty),
                None => (name.to_owned(), false, ty),
            }
        })
        .collect()
}

fn names() -> Vec<&'static str> {
    SlbAction::ALL.iter().map(|a| a.as_str()).collect()
}

#[test]
fn every_request_interface_has_the_declared_fields() {
    let dts = read("pkg-template/types/index.d.ts");
    for action in SlbAction::ALL {
        let start = format!("export interface {}Request {{", action.as_str());
        let declared: Vec<(String, bool, String)> = action
            .fields()
            .iter()
            .map(|f| (f.name.to_owned(), !f.required, f.kind.ts_type().to_owned()))
            .collect();
        assert_eq!(
            fields(&block(&dts, &start, "}")),
            declared,
            "{}",
            action.as_str()
        );
        assert!(
            action.fields().len() <= MAX_FIELDS,
            "the input layer reads at most {MAX_FIELDS} fields"
        );
    }
}

#[test]
fn the_action_lists_agree() {
    let dts = read("pkg-template/types/index.d.ts");
    let union = dts.split("export type SlbAction =").nth(1).unwrap();
    let union: Vec<&str> = union
        .split(';')
        .next()
        .unwrap()
        .split('|')
        .map(|s| s.trim().trim_matches('\''))
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(union, names(), "the SlbAction type");

    let requests = fields(&block(&dts, "export interface SlbRequests {", "}"));
    let results = fields(&block(&dts, "export interface SlbResults {", "}"));
    for (list, what) in [(&requests, "SlbRequests"), (&results, "SlbResults")] {
        let keys: Vec<&str> = list.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(keys, names(), "{what}");
    }
    for (name, _, ty) in &requests {
        assert_eq!(ty, &format!("{name}Request"));
    }

    let client = block(&dts, "export declare class SlbClient {", "}").join("\n");
    for name in names() {
        let method = format!(
            "{}{}(request: {name}Request)",
            name[..1].to_lowercase(),
            &name[1..]
        );
        assert!(client.contains(&method), "SlbClient declares {method}");
    }

    let api = read("pkg-template/api.js");
    let listed: Vec<String> = block(&api, "export const SLB_ACTIONS = [", "];")
        .iter()
        .map(|l| l.trim_end_matches(',').trim_matches('\'').to_owned())
        .collect();
    assert_eq!(listed, names(), "api.js SLB_ACTIONS");
}
