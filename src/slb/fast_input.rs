//! The fast path of [`super::input`]: well-formed JSON straight into typed structs, with no
//! intermediate `serde_json::Value`. Anything it does not accept (an unknown field, a value
//! of the wrong type, a name given twice, a method that is not GET or POST) makes it give
//! up, and the slow path reads the same text again to say exactly what is wrong. So the
//! two must agree on every input the fast path accepts.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::backend_server::{BackendServer, IntegerInput};
use super::input::OptionsInput;
use super::AddVServerGroupBackendServers;
use crate::credentials::Credentials;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request<'a> {
    #[serde(rename = "regionId", alias = "RegionId", borrow, default)]
    region_id: Option<Cow<'a, str>>,
    #[serde(rename = "vServerGroupId", alias = "VServerGroupId", borrow, default)]
    v_server_group_id: Option<Cow<'a, str>>,
    #[serde(rename = "backendServers", alias = "BackendServers", borrow, default)]
    backend_servers: Option<Vec<MapOnly<Server<'a>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Server<'a> {
    #[serde(rename = "serverId", alias = "ServerId", borrow, default)]
    server_id: Option<Cow<'a, str>>,
    #[serde(rename = "port", alias = "Port", default)]
    port: Option<Integer>,
    #[serde(rename = "weight", alias = "Weight", default)]
    weight: Option<Integer>,
    #[serde(rename = "type", alias = "Type", borrow, default)]
    server_type: Option<Cow<'a, str>>,
    #[serde(rename = "serverIp", alias = "ServerIp", borrow, default)]
    server_ip: Option<Cow<'a, str>>,
    #[serde(rename = "description", alias = "Description", borrow, default)]
    description: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialsInput<'a> {
    #[serde(rename = "accessKeyId", alias = "AccessKeyId", borrow, default)]
    access_key_id: Option<Cow<'a, str>>,
    #[serde(rename = "accessKeySecret", alias = "AccessKeySecret", borrow, default)]
    access_key_secret: Option<Cow<'a, str>>,
    #[serde(rename = "securityToken", alias = "SecurityToken", borrow, default)]
    security_token: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options<'a> {
    #[serde(rename = "endpoint", alias = "Endpoint", borrow, default)]
    endpoint: Option<Cow<'a, str>>,
    #[serde(rename = "method", alias = "Method", borrow, default)]
    method: Option<Cow<'a, str>>,
    #[serde(rename = "format", alias = "Format", borrow, default)]
    format: Option<Cow<'a, str>>,
    #[serde(rename = "timestamp", alias = "Timestamp", borrow, default)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "nonce", alias = "SignatureNonce", borrow, default)]
    nonce: Option<Cow<'a, str>>,
}

/// A struct read only from a JSON object: derived structs also accept arrays (`[]`), which
/// the slow path calls the wrong type.
struct MapOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = MapOnly<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(MapOnly)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A number, or a string (decimal or not: validation judges it), as the slow path reads it.
struct Integer(IntegerInput);

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;
        impl Visitor<'_> for IntegerVisitor {
            type Value = Integer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Integer, E> {
                Ok(Integer(IntegerInput::Number(v as f64)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Integer, E> {
                Ok(Integer(IntegerInput::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Integer, E> {
                Ok(Integer(IntegerInput::Number(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Integer, E> {
                Ok(Integer(IntegerInput::Text(v.to_owned())))
            }
        }
        deserializer.deserialize_any(IntegerVisitor)
    }
}

fn owned(text: Option<Cow<'_, str>>) -> Option<String> {
    text.map(Cow::into_owned)
}

/// The request, credentials and options, or `None` when the slow path must look.
pub(super) fn read(
    request_json: &str,
    credentials_json: &str,
    options_json: &str,
) -> Option<(AddVServerGroupBackendServers, Credentials, OptionsInput)> {
    let MapOnly(request): MapOnly<Request<'_>> = serde_json::from_str(request_json).ok()?;
    let MapOnly(credentials): MapOnly<CredentialsInput<'_>> =
        serde_json::from_str(credentials_json).ok()?;
    // `null` options are all defaults, as in the slow path.
    let options: Option<MapOnly<Options<'_>>> = serde_json::from_str(options_json).ok()?;

    let request = AddVServerGroupBackendServers {
        region_id: owned(request.region_id).unwrap_or_default(),
        v_server_group_id: owned(request.v_server_group_id).unwrap_or_default(),
        backend_servers: request
            .backend_servers
            .unwrap_or_default()
            .into_iter()
            .map(|MapOnly(s)| BackendServer {
                server_id: owned(s.server_id).unwrap_or_default(),
                port: s.port.map(|p| p.0),
                weight: s.weight.map(|w| w.0),
                server_type: owned(s.server_type),
                server_ip: owned(s.server_ip),
                description: owned(s.description),
            })
            .collect(),
    };
    let credentials = Credentials::new(
        owned(credentials.access_key_id).unwrap_or_default(),
        owned(credentials.access_key_secret).unwrap_or_default(),
    )
    .with_security_token(owned(credentials.security_token).unwrap_or_default());
    let mut input = OptionsInput::default();
    if let Some(MapOnly(options)) = options {
        if let Some(method) = options.method {
            input.method = method.parse().ok()?;
        }
        if let Some(format) = options.format {
            input.format = format.parse().ok()?;
        }
        input.endpoint = owned(options.endpoint);
        input.timestamp = owned(options.timestamp);
        input.nonce = owned(options.nonce);
    }
    Some((request, credentials, input))
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn takes_well_formed_requests_and_gives_up_on_the_rest() {
        let credentials = r#"{"accessKeyId":"id","accessKeySecret":"s"}"#;
        let request = r#"{"RegionId":"cn-hangzhou","vServerGroupId":"g","backendServers":[{"ServerId":"vm-1","Port":"80","weight":1.5}]}"#;
        assert!(read(request, credentials, "null").is_some());
        assert!(read(request, credentials, r#"{"method":"POST","format":"XML"}"#).is_some());
        for (request, options) in [
            (r#"{"regionId":"cn-hangzhou","extra":1}"#, "null"),
            (r#"{"regionId":5}"#, "null"),
            (r#"{"regionId":"a","RegionId":"a"}"#, "null"),
            (r#"{"backendServers":[[]]}"#, "null"),
            (r#"{"backendServers":[{"port":true}]}"#, "null"),
            ("[]", "null"),
            (request, r#"{"method":"PUT"}"#),
            (request, "[]"),
        ] {
            assert!(
                read(request, credentials, options).is_none(),
                "{request} {options}"
            );
        }
    }
}
