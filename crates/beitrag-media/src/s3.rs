//! The media store in an S3 bucket, or in any S3-compatible service (MinIO,
//! Garage, Cloudflare R2, Ceph) when an endpoint is given.
//!
//! Building a store contacts nothing: a wrong endpoint or bucket shows on
//! the first request (and on `/readyz`), never as a failed start.

use std::sync::Arc;
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::{BackoffConfig, RetryConfig};

use crate::error::Result;
use crate::storage::MediaStore;

/// Access key pair for [`MediaStore::s3`]. `Debug` hides the secret.
#[derive(Clone)]
pub struct S3Credentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
}

impl std::fmt::Debug for S3Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .finish()
    }
}

/// Where the bucket is and how to reach it.
#[derive(Debug, Clone)]
pub struct S3Options {
    /// The bucket's name.
    pub bucket: String,
    /// The region (`auto` for R2, any name for most self-hosted services).
    pub region: String,
    /// An S3-compatible service's URL; `None` for AWS itself.
    pub endpoint: Option<String>,
    /// Whether a plain `http://` endpoint may be used (a service on
    /// loopback or in a private network).
    pub allow_http: bool,
    /// The key pair; without it the usual AWS sources apply (the `AWS_*`
    /// environment variables, web identity, the instance metadata service).
    pub credentials: Option<S3Credentials>,
}

/// How long one operation may keep retrying: an upload waits for S3 while
/// a person watches, so a broken bucket must answer within seconds, not
/// within object_store's default of three minutes.
const RETRY: Duration = Duration::from_secs(10);

impl MediaStore {
    /// A store in the bucket `options` describes.
    ///
    /// Never-overwrite semantics use `If-None-Match: *`, which AWS S3, R2,
    /// MinIO and Garage support. Requests are addressed path-style
    /// (`endpoint/bucket/key`) when an endpoint is given, as most
    /// S3-compatible services expect.
    pub fn s3(options: &S3Options) -> Result<Self> {
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&options.bucket)
            .with_region(&options.region)
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 3,
                retry_timeout: RETRY,
            });
        if let Some(endpoint) = &options.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(options.allow_http);
        }
        if let Some(credentials) = &options.credentials {
            builder = builder
                .with_access_key_id(&credentials.access_key_id)
                .with_secret_access_key(&credentials.secret_access_key);
        }
        Ok(Self {
            inner: Arc::new(builder.build()?),
            content_type: true,
            kind: "s3",
        })
    }
}
