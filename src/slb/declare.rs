//! How an action is declared once: [`slb_actions!`] turns one entry per action (its fields,
//! each with its API name, kind and rule) into the request type, its [`SlbRequest`]
//! impl (validation and parameters), its field table (which the input layer decodes by and
//! the `.d.ts` is tested against) and a variant of [`SlbAction`](super::SlbAction).

use std::borrow::Cow;

use super::backend_server::BackendServer;
use super::checks::Tag;

/// The API parameters of a request, by API name (`Tag.1.Key` is made, the rest are fixed).
pub type Params = Vec<(Cow<'static, str>, String)>;

/// What a field holds; each kind has one decoder in the input layer and one TS type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Flag,
    Servers,
    Tags,
}

impl FieldKind {
    /// The field's type in the package's TypeScript declarations.
    pub const fn ts_type(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Flag => "boolean",
            Self::Servers => "BackendServer[]",
            Self::Tags => "Tag[]",
        }
    }
}

/// One field of an action's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Its name in paths of issues (and in JS): `vServerGroupId`.
    pub name: &'static str,
    /// The API's name: `VServerGroupId` (`Tag` for `Tag.N.Key`).
    pub param: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

/// A decoded field value, before it is put into its request type.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Flag(bool),
    Servers(Vec<BackendServer>),
    Tags(Vec<Tag>),
}

/// A Rust type a field can have.
pub trait FieldType: Sized + Default {
    const KIND: FieldKind;
    fn from_value(value: FieldValue) -> Option<Self>;
}

macro_rules! field_type {
    ($t:ty, $kind:ident) => {
        impl FieldType for $t {
            const KIND: FieldKind = FieldKind::$kind;
            fn from_value(value: FieldValue) -> Option<Self> {
                match value {
                    FieldValue::$kind(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}
field_type!(String, Text);
field_type!(bool, Flag);
field_type!(Vec<BackendServer>, Servers);
field_type!(Vec<Tag>, Tags);

/// The values the input layer decoded for one request, by field name.
#[derive(Debug, Default)]
pub struct FieldValues(pub Vec<(&'static str, FieldValue)>);

impl FieldValues {
    pub fn take<T: FieldType>(&mut self, name: &str) -> Option<T> {
        T::from_value(self.take_value(name)?)
    }

    // Not inlined into each action's `from_values` (it was, once per field: 12 KB of wasm).
    #[inline(never)]
    fn take_value(&mut self, name: &str) -> Option<FieldValue> {
        let i = self.0.iter().position(|(n, _)| *n == name)?;
        Some(self.0.swap_remove(i).1)
    }
}

/// Declares the actions. Each field reads
/// `name: required|optional Type = ("jsName", "ApiName", rule)`; an optional
/// `=> fn` after the fields adds a rule across fields.
macro_rules! slb_actions {
    (@ty required $t:ty) => { $t };
    (@ty optional $t:ty) => { Option<$t> };
    (@required required) => { true };
    (@required optional) => { false };
    (@take required $values:ident, $name:literal) => { $values.take($name).unwrap_or_default() };
    (@take optional $values:ident, $name:literal) => { $values.take($name) };
    (@apply required $value:expr, $spec:expr, $rule:path, $issues:ident, $params:ident) => {
        $rule($value, $spec, $issues, &mut $params)
    };
    (@apply optional $value:expr, $spec:expr, $rule:path, $issues:ident, $params:ident) => {
        if let Some(value) = $value {
            $rule(value, $spec, $issues, &mut $params)
        }
    };
    ($(
        $(#[$doc:meta])*
        $action:ident {
            $( $(#[$fdoc:meta])* $field:ident : $req:ident $t:ty = ($name:literal, $param:literal, $rule:path) ),* $(,)?
        } $(=> $extra:path)?
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Debug, Default, PartialEq)]
            pub struct $action {
                $( $(#[$fdoc])* pub $field: slb_actions!(@ty $req $t), )*
            }

            impl $action {
                /// The request's fields, in declaration order.
                pub const FIELDS: &'static [$crate::slb::declare::FieldSpec] = &[$(
                    $crate::slb::declare::FieldSpec {
                        name: $name,
                        param: $param,
                        kind: <$t as $crate::slb::declare::FieldType>::KIND,
                        required: slb_actions!(@required $req),
                    },
                )*];

                /// Builds the request from decoded values; absent required fields are left
                /// empty, for validation to report.
                pub fn from_values(values: &mut $crate::slb::declare::FieldValues) -> Self {
                    Self { $( $field: slb_actions!(@take $req values, $name), )* }
                }
            }

            impl $crate::slb::SlbRequest for $action {
                fn action(&self) -> SlbAction {
                    SlbAction::$action
                }

                fn region_id(&self) -> &str {
                    &self.region_id
                }

                fn to_params(
                    &self,
                    issues: &mut Vec<$crate::error::ValidationIssue>,
                ) -> $crate::slb::declare::Params {
                    let mut params = Vec::new();
                    let mut specs = Self::FIELDS.iter();
                    $(
                        let spec = specs.next().expect("one spec per field");
                        slb_actions!(@apply $req &self.$field, spec, $rule, issues, params);
                    )*
                    $( $extra(self, issues); )?
                    params
                }
            }
        )*

        /// The actions this crate declares.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum SlbAction { $( $action, )* }

        impl SlbAction {
            pub const ALL: &'static [SlbAction] = &[$( SlbAction::$action, )*];

            /// The `Action` parameter.
            pub const fn as_str(self) -> &'static str {
                match self { $( Self::$action => stringify!($action), )* }
            }

            pub fn parse(name: &str) -> Option<Self> {
                const NAMES: &[&str] = &[$( stringify!($action), )*];
                NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
            }

            pub const fn fields(self) -> &'static [$crate::slb::declare::FieldSpec] {
                match self { $( Self::$action => $action::FIELDS, )* }
            }
        }

        /// A request of any declared action.
        #[derive(Clone, Debug, PartialEq)]
        pub enum AnySlbRequest { $( $action($action), )* }

        impl AnySlbRequest {
            pub fn from_values(action: SlbAction, values: &mut $crate::slb::declare::FieldValues) -> Self {
                match action { $( SlbAction::$action => Self::$action($action::from_values(values)), )* }
            }
        }

        impl $crate::slb::SlbRequest for AnySlbRequest {
            fn action(&self) -> SlbAction {
                match self { $( Self::$action(r) => r.action(), )* }
            }
            fn region_id(&self) -> &str {
                match self { $( Self::$action(r) => r.region_id(), )* }
            }
            fn to_params(
                &self,
                issues: &mut Vec<$crate::error::ValidationIssue>,
            ) -> $crate::slb::declare::Params {
                match self { $( Self::$action(r) => r.to_params(issues), )* }
            }
        }
    };
}

pub(crate) use slb_actions;
