//! The RSA keys actors sign with. Mastodon and most of the fediverse only
//! know `rsa-sha256` (RSASSA-PKCS1-v1_5 over SHA-256), so every actor has a
//! 2048-bit RSA key; keys travel as PEM (PKCS#8 private, SPKI public), the
//! form `publicKeyPem` carries.

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, UnparsedPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::FederationError;

/// A freshly made key pair, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey {
    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub private_pem: String,
    /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`), published on the actor.
    pub public_pem: String,
}

/// Makes a 2048-bit RSA key.
pub fn generate() -> Result<NewKey, FederationError> {
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| FederationError::Key)?;
    let private: Pkcs8V1Der = pair.as_der().map_err(|_| FederationError::Key)?;
    let public: PublicKeyX509Der = pair
        .public_key()
        .as_der()
        .map_err(|_| FederationError::Key)?;
    Ok(NewKey {
        private_pem: to_pem("PRIVATE KEY", private.as_ref()),
        public_pem: to_pem("PUBLIC KEY", public.as_ref()),
    })
}

/// A private key ready to sign.
pub struct Signer {
    pair: KeyPair,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    /// Reads a PKCS#8 PEM private key.
    pub fn from_pem(pem: &str) -> Result<Signer, FederationError> {
        let der = from_pem(pem).ok_or(FederationError::Key)?;
        let pair = KeyPair::from_pkcs8(&der).map_err(|_| FederationError::Key)?;
        Ok(Signer { pair })
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message`.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, FederationError> {
        let mut out = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut out,
            )
            .map_err(|_| FederationError::Key)?;
        Ok(out)
    }
}

/// Whether `sig` is a valid `rsa-sha256` signature of `message` by the key
/// in `public_pem` (SPKI or PKCS#1 PEM). An unreadable key verifies nothing.
pub fn verify(public_pem: &str, message: &[u8], sig: &[u8]) -> bool {
    let Some(der) = from_pem(public_pem) else {
        return false;
    };
    UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der)
        .verify(message, sig)
        .is_ok()
}

fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The DER inside the first PEM block, whatever its label.
fn from_pem(pem: &str) -> Option<Vec<u8>> {
    let start = pem.find("-----BEGIN ")?;
    let rest = &pem[start..];
    let body_start = rest.find('\n')? + 1;
    let end = rest.find("-----END ")?;
    let body: String = rest
        .get(body_start..end)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_signs_what_its_public_half_verifies() {
        let key = generate().unwrap();
        assert!(key.private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(key.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        let signer = Signer::from_pem(&key.private_pem).unwrap();
        let sig = signer.sign(b"hello").unwrap();
        assert!(verify(&key.public_pem, b"hello", &sig));
        assert!(!verify(&key.public_pem, b"hellO", &sig));
        let other = generate().unwrap();
        assert!(!verify(&other.public_pem, b"hello", &sig));
    }

    #[test]
    fn garbage_keys_are_refused_not_panicked_on() {
        assert!(Signer::from_pem("nonsense").is_err());
        assert!(
            Signer::from_pem("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----")
                .is_err()
        );
        assert!(!verify(
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            b"x",
            b"y"
        ));
        assert!(!verify("", b"x", b"y"));
    }
}
