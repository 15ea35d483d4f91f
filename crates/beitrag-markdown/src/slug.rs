//! URL slugs from titles, with German transliteration (ä → ae, ß → ss), as
//! German readers expect from WordPress with a German locale.

/// Turns a title into a lowercase slug of letters, digits and single
/// hyphens: Latin letters with accents become ASCII, letters of other
/// scripts stay (as WordPress keeps them), so a Chinese or Cyrillic name
/// still has a slug. Returns an empty string when nothing usable is left.
pub fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut pending_dash = false;
    for ch in title.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match ch {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'á' | 'à' | 'â' | 'å' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'õ' | 'ø' => "o",
            'ú' | 'ù' | 'û' => "u",
            'ç' => "c",
            'ñ' => "n",
            c if c.is_alphanumeric() => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(c);
                continue;
            }
            _ => {
                pending_dash = true;
                continue;
            }
        };
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        out.push_str(mapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn transliterates_german_when_title_has_umlauts() {
        assert_eq!(slugify("Über uns"), "ueber-uns");
        assert_eq!(slugify("Straße & Grüße!"), "strasse-gruesse");
    }

    #[test]
    fn collapses_separators_when_title_is_messy() {
        assert_eq!(slugify("  Social -- Media 2.0  "), "social-media-2-0");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn keeps_letters_of_other_scripts_when_nothing_transliterates_them() {
        assert_eq!(slugify("远征手记"), "远征手记");
        assert_eq!(slugify("Привет, мир"), "привет-мир");
        assert_eq!(slugify("x\u{301}\u{302}"), "x");
    }
}
