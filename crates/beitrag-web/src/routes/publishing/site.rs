//! The blog as clients see it before they write: the one blog, its
//! categories and tags, a few options, and Really Simple Discovery.

use beitrag_core::Actor;
use beitrag_core::model::{Role, Taxonomy};
use beitrag_linkback::xmlrpc::Value;

use super::convert::{member_text, wp_term};
use super::{Answer, missing, text};
use crate::error::WebError;
use crate::state::{AppState, Site};

/// `blogger.getUsersBlogs`, `wp.getUsersBlogs`: one blog, id 1.
pub(super) async fn users_blogs(state: &AppState, me: &Actor) -> Result<Answer, WebError> {
    let site = state.site().await?;
    let admin = me.user().is_some_and(|u| u.role == Role::Administrator);
    Ok(Ok(Value::Array(vec![Value::Struct(vec![
        ("isAdmin".into(), Value::Bool(admin)),
        ("url".into(), text(&site.url("/"))),
        ("blogid".into(), text("1")),
        ("blogName".into(), text(&site.settings.title)),
        ("xmlrpc".into(), text(&site.url("/xmlrpc"))),
    ])])))
}

/// `blogger.getUserInfo`
pub(super) async fn user_info(state: &AppState, me: &Actor) -> Result<Answer, WebError> {
    let site = state.site().await?;
    let Some(user) = me.user() else {
        return Ok(Err((403, "Incorrect username or password.".into())));
    };
    Ok(Ok(Value::Struct(vec![
        ("userid".into(), text(&user.id.0.to_string())),
        ("nickname".into(), text(&user.display_name)),
        ("firstname".into(), text(&user.display_name)),
        ("lastname".into(), text("")),
        ("email".into(), text(&user.email)),
        (
            "url".into(),
            text(&site.url(&beitrag_core::service::links::author_path(&user.login))),
        ),
    ])))
}

fn categories_of(site: &Site) -> impl Iterator<Item = &beitrag_core::model::Term> {
    site.directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Category)
}

/// `metaWeblog.getCategories`
pub(super) async fn categories(state: &AppState) -> Result<Answer, WebError> {
    let site = state.site().await?;
    let list = categories_of(&site)
        .map(|t| {
            let path = site.directory.term_path(t);
            Value::Struct(vec![
                ("categoryId".into(), text(&t.id.0.to_string())),
                (
                    "parentId".into(),
                    text(&t.parent.map_or(0, |p| p.0).to_string()),
                ),
                ("categoryName".into(), text(&t.name)),
                ("categoryDescription".into(), text("")),
                ("description".into(), text(&t.name)),
                ("htmlUrl".into(), text(&site.url(&path))),
                ("rssUrl".into(), text(&site.url(&format!("{path}feed/")))),
            ])
        })
        .collect();
    Ok(Ok(Value::Array(list)))
}

/// `mt.getCategoryList`
pub(super) async fn category_list(state: &AppState) -> Result<Answer, WebError> {
    let site = state.site().await?;
    let list = categories_of(&site)
        .map(|t| {
            Value::Struct(vec![
                ("categoryId".into(), text(&t.id.0.to_string())),
                ("categoryName".into(), text(&t.name)),
            ])
        })
        .collect();
    Ok(Ok(Value::Array(list)))
}

/// `wp.getTerms(blogid, user, password, taxonomy)`
pub(super) async fn terms(state: &AppState, taxonomy: Option<&str>) -> Result<Answer, WebError> {
    let wanted = match taxonomy.map(str::trim) {
        Some("category") => Taxonomy::Category,
        Some("post_tag") => Taxonomy::Tag,
        _ => return Ok(Err((403, "Invalid taxonomy.".into()))),
    };
    let site = state.site().await?;
    let list = site
        .directory
        .terms()
        .iter()
        .filter(|t| t.taxonomy == wanted)
        .map(wp_term)
        .collect();
    Ok(Ok(Value::Array(list)))
}

/// `wp.newTerm(blogid, user, password, {name, taxonomy, parent})`
pub(super) async fn new_term(
    state: &AppState,
    me: &Actor,
    data: Option<&Value>,
) -> Result<Answer, WebError> {
    let Some(data) = data else {
        return Ok(Err(missing()));
    };
    let taxonomy = match member_text(data, "taxonomy").as_deref().map(str::trim) {
        Some("category") => Taxonomy::Category,
        Some("post_tag") => Taxonomy::Tag,
        _ => return Ok(Err((403, "Invalid taxonomy.".into()))),
    };
    let parent = member_text(data, "parent")
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p > 0)
        .map(beitrag_core::model::TermId);
    let name = member_text(data, "name").unwrap_or_default();
    Ok(
        match beitrag_core::service::terms::create(state.core(), me, taxonomy, &name, parent).await
        {
            Ok(term) => Ok(text(&term.id.0.to_string())),
            Err(e) => Err(super::fault(e)?),
        },
    )
}

/// `wp.getOptions(blogid, user, password, [names])`: the options clients
/// ask for, all read-only here.
pub(super) async fn options(state: &AppState, names: Option<&Value>) -> Result<Answer, WebError> {
    let site = state.site().await?;
    let s = &site.settings;
    let all = [
        ("software_name", "Software Name", "beitrag".to_owned()),
        (
            "software_version",
            "Software Version",
            env!("CARGO_PKG_VERSION").to_owned(),
        ),
        ("blog_url", "WordPress Address (URL)", site.url("/")),
        ("home_url", "Site Address (URL)", site.url("/")),
        ("blog_title", "Site Title", s.title.clone()),
        ("blog_tagline", "Site Tagline", s.tagline.clone()),
        ("time_zone", "Time Zone", s.timezone.to_string()),
        (
            "default_comment_status",
            "Allow people to post comments on new articles",
            s.default_comment_status.as_str().to_owned(),
        ),
        (
            "default_ping_status",
            "Allow link notifications from other blogs",
            s.default_ping_status.as_str().to_owned(),
        ),
    ];
    let wanted: Option<Vec<String>> = match names {
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
        ),
        _ => None,
    };
    let members = all
        .iter()
        .filter(|(key, ..)| wanted.as_ref().is_none_or(|w| w.iter().any(|n| n == key)))
        .map(|(key, desc, value)| {
            (
                (*key).to_owned(),
                Value::Struct(vec![
                    ("desc".into(), text(desc)),
                    ("readonly".into(), Value::Bool(true)),
                    ("value".into(), text(value)),
                ]),
            )
        })
        .collect();
    Ok(Ok(Value::Struct(members)))
}

/// Really Simple Discovery 1.0 (`/xmlrpc?rsd`): which APIs live where.
pub(crate) fn rsd(site: &Site) -> String {
    let api = site.url("/xmlrpc");
    let home = site.url("/");
    let apis: String = ["WordPress", "Movable Type", "MetaWeblog", "Blogger"]
        .iter()
        .map(|name| {
            format!(
                "<api name=\"{name}\" blogID=\"1\" preferred=\"{}\" apiLink=\"{}\"/>",
                *name == "WordPress",
                beitrag_markdown::escape_html(&api)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsd version=\"1.0\" xmlns=\"http://archipelago.phrasewise.com/rsd\">\
         <service><engineName>beitrag</engineName><engineLink>{home}</engineLink>\
         <homePageLink>{home}</homePageLink><apis>{apis}</apis></service></rsd>\n",
        home = beitrag_markdown::escape_html(&home)
    )
}
