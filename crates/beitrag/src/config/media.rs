//! `[media]` checked and completed from the environment: which store, and
//! for S3 everything needed to reach the bucket. A missing or contradictory
//! key is an error naming it, before anything is opened.

use std::path::PathBuf;

use anyhow::{Result, bail};
use beitrag_media::{S3Credentials, S3Options};

use super::model::{MediaConfig, MediaStoreKind};

/// Where uploads are kept, as `[media]` and the environment say.
#[derive(Debug, Clone)]
pub enum MediaTarget {
    /// The directory.
    Local(PathBuf),
    /// The bucket.
    S3(S3Options),
}

impl MediaConfig {
    /// The store this section describes; the standard `AWS_*` variables
    /// fill what the section leaves empty.
    pub fn target(&self) -> Result<MediaTarget> {
        self.target_with(|key| std::env::var(key).ok())
    }

    /// [`Self::target`] with another environment (tests).
    fn target_with(&self, env: impl Fn(&str) -> Option<String>) -> Result<MediaTarget> {
        if self.store == MediaStoreKind::Local {
            return Ok(MediaTarget::Local(self.dir.clone()));
        }
        let either = |own: &str, keys: &[&str]| -> Option<String> {
            let own = own.trim();
            if !own.is_empty() {
                return Some(own.to_owned());
            }
            keys.iter()
                .filter_map(|k| env(k))
                .map(|v| v.trim().to_owned())
                .find(|v| !v.is_empty())
        };
        let bucket = self.bucket.trim();
        if bucket.is_empty() {
            bail!("[media] store = \"s3\" needs [media] bucket (or BEITRAG_MEDIA__BUCKET)");
        }
        if bucket.contains(['/', ' ']) || bucket.len() > 63 {
            bail!(
                "[media] bucket {bucket:?} is not a bucket name (at most 63 characters, no slashes or spaces)"
            );
        }
        let Some(region) = either(&self.region, &["AWS_REGION", "AWS_DEFAULT_REGION"]) else {
            bail!("[media] store = \"s3\" needs [media] region (or AWS_REGION); R2 takes \"auto\"");
        };
        let endpoint = self.endpoint()?;
        let id = either(&self.access_key_id, &["AWS_ACCESS_KEY_ID"]);
        let secret = either(self.secret_access_key.expose(), &["AWS_SECRET_ACCESS_KEY"]);
        let credentials = match (id, secret) {
            (Some(access_key_id), Some(secret_access_key)) => Some(S3Credentials {
                access_key_id,
                secret_access_key,
            }),
            (None, None) => None,
            (Some(_), None) => bail!(
                "[media] access_key_id is set but [media] secret_access_key is not (nor AWS_SECRET_ACCESS_KEY)"
            ),
            (None, Some(_)) => bail!(
                "[media] secret_access_key is set but [media] access_key_id is not (nor AWS_ACCESS_KEY_ID)"
            ),
        };
        Ok(MediaTarget::S3(S3Options {
            bucket: bucket.to_owned(),
            region,
            endpoint,
            allow_http: self.allow_http,
            credentials,
        }))
    }

    /// The endpoint, if any: an `https://` URL, or `http://` when allowed.
    fn endpoint(&self) -> Result<Option<String>> {
        let endpoint = self.endpoint.trim().trim_end_matches('/');
        if endpoint.is_empty() {
            return Ok(None);
        }
        let rest = if let Some(rest) = endpoint.strip_prefix("https://") {
            rest
        } else if let Some(rest) = endpoint.strip_prefix("http://") {
            if !self.allow_http {
                bail!(
                    "[media] endpoint is plain http://; set [media] allow_http = true to use it \
                     (only on loopback or a private network: keys and uploads travel unencrypted)"
                );
            }
            rest
        } else {
            bail!("[media] endpoint must be an https:// (or http://) URL");
        };
        if rest.is_empty() || rest.contains(['?', '#', ' ']) {
            bail!("[media] endpoint must be an https:// (or http://) URL");
        }
        Ok(Some(endpoint.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn s3(extra: impl FnOnce(&mut MediaConfig)) -> MediaConfig {
        let mut cfg = MediaConfig {
            store: MediaStoreKind::S3,
            bucket: "fotos".into(),
            region: "eu-central-1".into(),
            ..MediaConfig::default()
        };
        extra(&mut cfg);
        cfg
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn error(cfg: &MediaConfig, env: impl Fn(&str) -> Option<String>) -> String {
        cfg.target_with(env).unwrap_err().to_string()
    }

    #[test]
    fn keeps_the_directory_when_local() {
        let cfg = MediaConfig::default();
        assert!(matches!(cfg.target_with(no_env).unwrap(), MediaTarget::Local(d) if d == cfg.dir));
    }

    #[test]
    fn names_the_missing_bucket_and_region() {
        let err = error(&s3(|c| c.bucket.clear()), no_env);
        assert!(err.contains("[media] bucket"), "{err}");
        let err = error(&s3(|c| c.region.clear()), no_env);
        assert!(err.contains("[media] region"), "{err}");
        let from_env = s3(|c| c.region.clear())
            .target_with(|k| (k == "AWS_DEFAULT_REGION").then(|| "auto".to_owned()))
            .unwrap();
        assert!(matches!(from_env, MediaTarget::S3(o) if o.region == "auto"));
    }

    #[test]
    fn wants_plain_http_allowed_and_a_url() {
        let err = error(&s3(|c| c.endpoint = "http://127.0.0.1:9000".into()), no_env);
        assert!(err.contains("allow_http"), "{err}");
        let ok = s3(|c| {
            c.endpoint = "http://127.0.0.1:9000/".into();
            c.allow_http = true;
        });
        let MediaTarget::S3(o) = ok.target_with(no_env).unwrap() else {
            panic!("not s3")
        };
        assert_eq!(o.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        let err = error(&s3(|c| c.endpoint = "minio:9000".into()), no_env);
        assert!(err.contains("[media] endpoint"), "{err}");
    }

    #[test]
    fn takes_keys_from_either_place_but_never_half_a_pair() {
        let env = |k: &str| match k {
            "AWS_ACCESS_KEY_ID" => Some("AKIAENV".to_owned()),
            "AWS_SECRET_ACCESS_KEY" => Some("env-secret".to_owned()),
            _ => None,
        };
        let MediaTarget::S3(o) = s3(|_| ()).target_with(env).unwrap() else {
            panic!("not s3")
        };
        let c = o.credentials.unwrap();
        assert_eq!(
            (c.access_key_id.as_str(), c.secret_access_key.as_str()),
            ("AKIAENV", "env-secret")
        );
        let own = s3(|c| {
            c.access_key_id = "AKIAOWN".into();
            c.secret_access_key = Secret("own-secret".into());
        });
        let MediaTarget::S3(o) = own.target_with(env).unwrap() else {
            panic!("not s3")
        };
        assert_eq!(o.credentials.unwrap().access_key_id, "AKIAOWN");
        let err = error(&s3(|c| c.access_key_id = "AKIAOWN".into()), no_env);
        assert!(err.contains("[media] secret_access_key"), "{err}");
        assert!(!err.contains("AKIAOWN"), "{err}");
        let MediaTarget::S3(o) = s3(|_| ()).target_with(no_env).unwrap() else {
            panic!("not s3")
        };
        assert!(o.credentials.is_none(), "the AWS chain decides");
        let debug = format!("{:?}", own.target_with(no_env).unwrap());
        assert!(!debug.contains("own-secret"), "{debug}");
    }
}
