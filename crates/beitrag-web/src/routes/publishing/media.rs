//! Uploads from clients: `wp.uploadFile` and `metaWeblog.newMediaObject`
//! (the same call), through `media::upload` with the user as the actor.

use beitrag_core::Actor;
use beitrag_linkback::xmlrpc::Value;

use super::convert::member_text;
use super::{Answer, fault, missing, text};
use crate::error::WebError;
use crate::state::AppState;

/// `wp.uploadFile(blogid, user, password, {name, type, bits})`
pub(super) async fn upload(state: &AppState, me: &Actor, p: &[Value]) -> Result<Answer, WebError> {
    let Some(data) = p.get(3) else {
        return Ok(Err(missing()));
    };
    let name = member_text(data, "name").unwrap_or_default();
    let Some(Value::Base64(bits)) = data.member("bits") else {
        return Ok(Err((400, "Could not write file: no bits".into())));
    };
    let claimed = member_text(data, "type");
    let site = state.site().await?;
    let stored = beitrag_core::service::media::upload(
        state.core(),
        me,
        state.files(),
        name.trim(),
        claimed.as_deref(),
        bits.clone(),
        // WordPress's upload methods carry no description.
        beitrag_core::service::media::Alt::Optional(""),
    )
    .await;
    Ok(match stored {
        Ok(m) => {
            let url = site.url(&format!("/media/{}", m.path));
            Ok(Value::Struct(vec![
                ("id".into(), text(&m.id.0.to_string())),
                ("attachment_id".into(), text(&m.id.0.to_string())),
                ("file".into(), text(&m.name)),
                ("url".into(), text(&url)),
                ("type".into(), text(&m.mime)),
            ]))
        }
        Err(e) => Err(fault(e)?),
    })
}
