//! One macro for every enum stored as text.
//!
//! ```text
//! text_enum! {
//!     /// The role a member joins a program in.
//!     pub enum Role {
//!         Mentor => "mentor", "Mentor";
//!         Mentee => "mentee", "Mentee";
//!     }
//! }
//! ```
//!
//! Each variant names the text the database holds and a label for people.
//! The enum gets `as_str` (that text), `parse` (the text back, `None` for
//! anything else), `label` and `ALL` (every variant, in order), and serde
//! uses the same text. On the server it is also a Diesel `Text` value for
//! both backends: columns are written and loaded as the enum itself, and a
//! stored text that is no variant fails the query (the error names the enum
//! and the value) rather than reading as some default.
//!
//! It derives `Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord`;
//! attributes above the enum (docs, `#[derive(Default)]`) are kept.
//! `pub enum Name (serde by variant name) { … }` keeps serde on the variant
//! names instead, for a wire format that predates the stored text.

/// See the [module documentation](self).
macro_rules! text_enum {
    (@impls $name:ident { $( $variant:ident => $text:literal, $label:literal; )+ }) => {
        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text stored in the database (and used in forms).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant stored as `value`, if any.
            pub fn parse(value: &str) -> Option<$name> {
                match value {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// What people are shown.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }

        #[cfg(feature = "ssr")]
        $crate::text_enum::text_enum!(@diesel $name for ::diesel::sqlite::Sqlite);
        #[cfg(feature = "ssr")]
        $crate::text_enum::text_enum!(@diesel $name for ::diesel::pg::Pg);
    };
    (@diesel $name:ident for $backend:ty) => {
        impl ::diesel::serialize::ToSql<::diesel::sql_types::Text, $backend> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, $backend>,
            ) -> ::diesel::serialize::Result {
                <str as ::diesel::serialize::ToSql<::diesel::sql_types::Text, $backend>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl ::diesel::deserialize::FromSql<::diesel::sql_types::Text, $backend> for $name {
            fn from_sql(
                value: <$backend as ::diesel::backend::Backend>::RawValue<'_>,
            ) -> ::diesel::deserialize::Result<Self> {
                let text = <String as ::diesel::deserialize::FromSql<
                    ::diesel::sql_types::Text,
                    $backend,
                >>::from_sql(value)?;
                $name::parse(&text)
                    .ok_or_else(|| $crate::text_enum::unknown(stringify!($name), &text))
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (serde by variant name) {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        #[cfg_attr(
            feature = "ssr",
            derive(::diesel::expression::AsExpression, ::diesel::deserialize::FromSqlRow)
        )]
        #[cfg_attr(feature = "ssr", diesel(sql_type = ::diesel::sql_types::Text))]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        $crate::text_enum::text_enum!(@impls $name { $( $variant => $text, $label; )+ });
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        #[cfg_attr(
            feature = "ssr",
            derive(::diesel::expression::AsExpression, ::diesel::deserialize::FromSqlRow)
        )]
        #[cfg_attr(feature = "ssr", diesel(sql_type = ::diesel::sql_types::Text))]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant, )+
        }

        $crate::text_enum::text_enum!(@impls $name { $( $variant => $text, $label; )+ });
    };
}

pub(crate) use text_enum;

/// The error of loading a text that is none of the enum's variants.
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub fn unknown(enum_name: &str, value: &str) -> Box<dyn std::error::Error + Send + Sync> {
    format!("{value:?} is not a {enum_name} (an unknown value stored in the database)").into()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use crate::{
        db::{testing::on_both_backends, Db},
        email::store::OutboxStatus,
        hub::SignupMode,
        programs::{
            Approval, InvitationState, MatchingMode, MembershipStatus, ProgramStatus, QuestionKind,
            Role,
        },
        run_query,
    };
    use diesel::{
        deserialize::FromSql, pg::Pg, serialize::ToSql, sql_types::Text, sqlite::Sqlite,
        QueryResult, QueryableByName,
    };
    use diesel_async::RunQueryDsl;

    #[derive(QueryableByName)]
    struct Stored<E> {
        #[diesel(sql_type = Text)]
        value: E,
    }

    /// What the database hands back for `value` sent as a parameter: as
    /// text, and loaded as `E` again.
    async fn echo<E>(db: &Db, value: E) -> (String, E)
    where
        E: ToSql<Text, Sqlite> + ToSql<Text, Pg> + FromSql<Text, Sqlite> + FromSql<Text, Pg>,
        E: Copy + Send + Sync + 'static,
    {
        let echoed: QueryResult<(String, E)> = run_query!(
            db,
            sqlite | conn | {
                let query =
                    || diesel::sql_query("SELECT CAST(? AS TEXT) AS value").bind::<Text, _>(value);
                let text: Stored<String> = query().get_result(conn).await?;
                let back: Stored<E> = query().get_result(conn).await?;
                Ok((text.value, back.value))
            },
            postgres | conn | {
                let query =
                    || diesel::sql_query("SELECT CAST($1 AS TEXT) AS value").bind::<Text, _>(value);
                let text: Stored<String> = query().get_result(conn).await?;
                let back: Stored<E> = query().get_result(conn).await?;
                Ok((text.value, back.value))
            }
        );
        echoed.unwrap()
    }

    /// Loads the raw text `stored` as an `E`.
    async fn load<E>(db: &Db, stored: &str) -> QueryResult<E>
    where
        E: FromSql<Text, Sqlite> + FromSql<Text, Pg> + Send + 'static,
    {
        let sql = format!("SELECT CAST('{stored}' AS TEXT) AS value");
        run_query!(db, |conn| {
            let row: Stored<E> = diesel::sql_query(sql.clone()).get_result(conn).await?;
            Ok(row.value)
        })
    }

    macro_rules! check_stored_text {
        ($db:expr; $($enum:ident),+ $(,)?) => {$(
            for value in $enum::ALL {
                let (text, back) = echo(&$db, *value).await;
                assert_eq!(text, value.as_str(), "{:?}: {value:?} is stored as its text", $db);
                assert_eq!(back, *value, "{:?}: {value:?} loads back", $db);
            }
            let message = load::<$enum>(&$db, "no-such-value")
                .await
                .expect_err(concat!("an unknown ", stringify!($enum), " is an error"))
                .to_string();
            assert!(
                message.contains(stringify!($enum)) && message.contains("\"no-such-value\""),
                "{:?}: {message}",
                $db
            );
        )+};
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn every_variant_round_trips_and_unknown_text_fails_to_load() {
        on_both_backends(|db| async move {
            check_stored_text!(db;
                Role, ProgramStatus, Approval, MatchingMode, QuestionKind, MembershipStatus,
                InvitationState, SignupMode, OutboxStatus,
            );
        })
        .await;
    }

    macro_rules! check_serde_is_text {
        ($($enum:ident),+ $(,)?) => {$(
            for value in $enum::ALL {
                let json = serde_json::to_string(value).unwrap();
                assert_eq!(json, format!("\"{}\"", value.as_str()));
                assert_eq!(serde_json::from_str::<$enum>(&json).unwrap(), *value);
                assert_eq!($enum::parse(value.as_str()), Some(*value));
            }
        )+};
    }

    #[test]
    fn serde_uses_the_stored_text() {
        check_serde_is_text!(
            Role,
            ProgramStatus,
            Approval,
            MatchingMode,
            QuestionKind,
            MembershipStatus,
            InvitationState,
            OutboxStatus,
        );
        assert!(serde_json::from_str::<Role>("\"Mentor\"").is_err());
        assert_eq!(Role::parse("Mentor"), None);
    }

    #[test]
    fn serde_by_variant_name_keeps_the_variant_names() {
        assert_eq!(
            serde_json::to_string(&SignupMode::ALL).unwrap(),
            r#"["Open","InvitationOnly"]"#
        );
        assert_eq!(
            serde_json::from_str::<SignupMode>("\"InvitationOnly\"").unwrap(),
            SignupMode::InvitationOnly
        );
        assert_eq!(SignupMode::InvitationOnly.as_str(), "invitation");
        assert_eq!(SignupMode::parse("open"), Some(SignupMode::Open));
        assert_eq!(SignupMode::default(), SignupMode::Open);
    }
}
