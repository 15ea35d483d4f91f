//! Static assets: the theme's stylesheet and locally generated avatars
//! (identicons from a hash, so no reader's browser asks a third party).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

const STYLE: &str = include_str!("../../static/style.css");

/// `GET /static/style.css`
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// `GET /avatar/{hash}.svg`: a symmetric 5×5 identicon.
pub async fn avatar(Path(file): Path<String>) -> Result<Response, WebError> {
    let hex = file.strip_suffix(".svg").ok_or(WebError::NotFound)?;
    if hex.len() != 16
        || !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(WebError::NotFound);
    }
    let bits = u64::from_str_radix(hex, 16).map_err(|_| WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400, immutable"),
        ],
        identicon(bits),
    )
        .into_response())
}

fn identicon(bits: u64) -> String {
    let hue = (bits >> 48) % 360;
    let mut cells = String::new();
    for row in 0..5u64 {
        for col in 0..3u64 {
            if (bits >> (row * 3 + col)) & 1 == 1 {
                cells.push_str(&format!(
                    "<rect x=\"{col}\" y=\"{row}\" width=\"1\" height=\"1\"/>"
                ));
                if col < 2 {
                    let mirror = 4 - col;
                    cells.push_str(&format!(
                        "<rect x=\"{mirror}\" y=\"{row}\" width=\"1\" height=\"1\"/>"
                    ));
                }
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-0.5 -0.5 6 6\" width=\"64\" height=\"64\"><rect x=\"-0.5\" y=\"-0.5\" width=\"6\" height=\"6\" fill=\"#f0f0f0\"/><g fill=\"hsl({hue},55%,45%)\">{cells}</g></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::identicon;

    #[test]
    fn differs_when_hash_differs() {
        assert_ne!(identicon(1), identicon(2));
        assert!(identicon(u64::MAX).starts_with("<svg"));
    }
}
