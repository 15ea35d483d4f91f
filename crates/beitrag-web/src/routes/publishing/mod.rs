//! Desktop and mobile clients over XML-RPC at `/xmlrpc` (and
//! `/xmlrpc.php`), beside Pingback: the MetaWeblog API, Blogger 1.0,
//! Movable Type's `mt.*` and WordPress's common `wp.*` methods, so MarsEdit,
//! Open Live Writer and python-wordpress-xmlrpc can write here. Every call
//! signs in with a login and one of its application passwords
//! (`service::auth::app_password`, throttled like logins), then calls the
//! same services as the admin with that user as the actor. Faults use
//! WordPress's codes: 403 for a bad login, 401 for what the role may not
//! do, 404 for what is not there, 400 for bad parameters; never a 500 for
//! a client's mistake.

mod comments;
mod convert;
mod media;
mod posts;
mod site;

use std::net::SocketAddr;

use beitrag_core::{Actor, Error};
use beitrag_linkback::xmlrpc::{self, MethodCall, Value};
use chrono::Utc;

use crate::error::WebError;
use crate::state::AppState;

pub(crate) use self::site::rsd;

/// A fault: WordPress's code and a message for the client.
pub(super) type Fault = (i32, String);
type Answer = Result<Value, Fault>;

/// Every method answered here (and `pingback.ping`, answered beside).
pub(super) const METHODS: &[&str] = &[
    "blogger.getUsersBlogs",
    "blogger.getUserInfo",
    "blogger.deletePost",
    "metaWeblog.newPost",
    "metaWeblog.editPost",
    "metaWeblog.getPost",
    "metaWeblog.getRecentPosts",
    "metaWeblog.getCategories",
    "metaWeblog.deletePost",
    "mt.getCategoryList",
    "mt.getPostCategories",
    "mt.setPostCategories",
    "mt.getRecentPostTitles",
    "mt.publishPost",
    "mt.supportedMethods",
    "mt.supportedTextFilters",
    "wp.getUsersBlogs",
    "wp.getPosts",
    "wp.getPost",
    "wp.newPost",
    "wp.editPost",
    "wp.deletePost",
    "wp.getTerms",
    "wp.newTerm",
    "wp.getOptions",
    "wp.uploadFile",
    "metaWeblog.newMediaObject",
    "wp.getComments",
    "wp.getComment",
    "wp.editComment",
    "wp.deleteComment",
    "system.listMethods",
    "pingback.ping",
];

/// The answer to a call that is not `pingback.ping`: a response or fault
/// document.
pub(super) async fn answer(
    state: &AppState,
    peer: SocketAddr,
    call: &MethodCall,
) -> Result<String, WebError> {
    let result = dispatch(state, peer, call).await?;
    Ok(match result {
        Ok(value) => xmlrpc::response(&value),
        Err((code, message)) => xmlrpc::fault(code, &message),
    })
}

async fn dispatch(
    state: &AppState,
    peer: SocketAddr,
    call: &MethodCall,
) -> Result<Answer, WebError> {
    let p = &call.params;
    // Where each method carries the login and password (WordPress's order).
    let (user_at, pass_at) = match call.method.as_str() {
        "system.listMethods" | "mt.supportedMethods" => {
            return Ok(Ok(Value::Array(METHODS.iter().map(|m| text(m)).collect())));
        }
        "mt.supportedTextFilters" => return Ok(Ok(Value::Array(Vec::new()))),
        "wp.getUsersBlogs" => (0, 1),
        "blogger.deletePost" => (2, 3),
        m if METHODS.contains(&m) => (1, 2),
        other => {
            return Ok(Err((
                xmlrpc::METHOD_NOT_FOUND,
                format!("server error. requested method {other} does not exist."),
            )));
        }
    };
    let (Some(login), Some(password)) = (string(p, user_at), string(p, pass_at)) else {
        return Ok(Err(missing()));
    };
    let user = match beitrag_core::service::auth::app_password(
        state.core(),
        &login,
        &password,
        &beitrag_core::service::comment::truncate_ip(peer.ip()),
        Utc::now(),
    )
    .await
    {
        Ok(user) => user,
        Err(Error::Throttled(secs)) => {
            return Ok(Err((
                429,
                format!("Too many failed logins; try again in {secs} seconds."),
            )));
        }
        Err(Error::Unauthenticated) => {
            return Ok(Err((403, "Incorrect username or password.".into())));
        }
        Err(e) => return Err(e.into()),
    };
    let me = Actor::User(Box::new(user));
    let answer = match call.method.as_str() {
        "blogger.getUsersBlogs" | "wp.getUsersBlogs" => site::users_blogs(state, &me).await,
        "blogger.getUserInfo" => site::user_info(state, &me).await,
        "metaWeblog.getCategories" => site::categories(state).await,
        "mt.getCategoryList" => site::category_list(state).await,
        "wp.getTerms" => site::terms(state, string(p, 3).as_deref()).await,
        "wp.getOptions" => site::options(state, p.get(3)).await,
        "wp.newTerm" => site::new_term(state, &me, p.get(3)).await,
        "wp.uploadFile" | "metaWeblog.newMediaObject" => media::upload(state, &me, p).await,
        "wp.getComments" => comments::list(state, &me, p).await,
        "wp.getComment" => comments::get(state, &me, p).await,
        "wp.editComment" => comments::edit(state, &me, p).await,
        "wp.deleteComment" => comments::delete(state, &me, p).await,
        "metaWeblog.newPost" => posts::mw_new(state, &me, p).await,
        "metaWeblog.editPost" => posts::mw_edit(state, &me, p).await,
        "metaWeblog.getPost" => posts::mw_get(state, &me, p).await,
        "metaWeblog.getRecentPosts" | "mt.getRecentPostTitles" => {
            posts::mw_recent(state, &me, p, call.method == "mt.getRecentPostTitles").await
        }
        "metaWeblog.deletePost" | "blogger.deletePost" | "wp.deletePost" => {
            posts::delete(state, &me, &call.method, p).await
        }
        "mt.getPostCategories" => posts::mt_categories(state, &me, p).await,
        "mt.setPostCategories" => posts::mt_set_categories(state, &me, p).await,
        "mt.publishPost" => posts::mt_publish(state, &me, p).await,
        "wp.getPosts" => posts::wp_list(state, &me, p).await,
        "wp.getPost" => posts::wp_get(state, &me, p).await,
        "wp.newPost" => posts::wp_new(state, &me, p).await,
        "wp.editPost" => posts::wp_edit(state, &me, p).await,
        _ => Ok(Err((
            xmlrpc::METHOD_NOT_FOUND,
            "method not available".into(),
        ))),
    }?;
    Ok(answer)
}

/// A core error as WordPress's fault, or the server error it really is.
pub(super) fn fault(e: Error) -> Result<Fault, WebError> {
    Ok(match e {
        Error::NotFound => (404, "Invalid post ID.".into()),
        Error::Forbidden(m) => (401, format!("Sorry, you are not allowed to do that: {m}")),
        Error::Unauthenticated => (403, "Incorrect username or password.".into()),
        Error::Invalid { field, message } => (400, format!("{field} {message}")),
        Error::SlugTaken(s) => (400, format!("the slug `{s}` is taken")),
        Error::EditConflict(_) | Error::Changed => {
            (409, "the post was changed meanwhile; load it again".into())
        }
        other @ (Error::Store(_) | Error::Password(_) | Error::Internal(_)) => {
            return Err(other.into());
        }
        other => (400, other.to_string()),
    })
}

/// A string parameter (numbers are accepted as their digits: clients send
/// ids either way).
pub(super) fn string(p: &[Value], at: usize) -> Option<String> {
    match p.get(at)? {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// WordPress's fault for a call without the parameters it needs.
pub(super) fn missing() -> Fault {
    (
        400,
        "Insufficient arguments passed to this XML-RPC method.".into(),
    )
}

pub(super) fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}
