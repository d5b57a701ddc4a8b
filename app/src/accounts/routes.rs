//! The accounts pages as lazily loaded routes (see `ui::lazy`).

use super::{
    admin::{AdminMembersPage, HubSettingsPage},
    profile::{MemberProfilePage, ProfileEditPage},
    recovery::{ForgotPasswordPage, ResetPasswordPage},
    security_page::ConfirmEmailPage,
    SignInPage, SignUpPage,
};
use crate::lazy_page;

lazy_page!(pub SignInRoute => SignInPage);
lazy_page!(pub SignUpRoute => SignUpPage);
lazy_page!(pub ForgotPasswordRoute => ForgotPasswordPage);
lazy_page!(pub ResetPasswordRoute => ResetPasswordPage);
lazy_page!(pub ProfileEditRoute => ProfileEditPage);
lazy_page!(pub MemberProfileRoute => MemberProfilePage);
lazy_page!(pub ConfirmEmailRoute => ConfirmEmailPage);
lazy_page!(pub AdminMembersRoute => AdminMembersPage);
lazy_page!(pub HubSettingsRoute => HubSettingsPage);
