//! "Did you mean" for near-miss keys and values.

/// The candidate spelled with the same letters, ignoring case, `_`, `-` and spaces
/// (`url_check` → `urlCheck`): a near-miss unambiguous enough to fix automatically.
pub fn same_letters<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = normalize(word);
    if w.is_empty() {
        return None;
    }
    let mut found = candidates.iter().filter(|c| normalize(c) == w);
    let first = found.next()?;
    found.next().is_none().then_some(*first)
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-' && *c != ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate the user most likely meant: the same letters ignoring case, `_` and `-`
/// (`url_check` → `urlCheck`, `TITLE` → `title`), or else a small edit distance.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = normalize;
    let w = norm(word);
    if w.is_empty() {
        return None;
    }
    if let Some(c) = same_letters(word, candidates) {
        return Some(c);
    }
    let limit = if w.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .iter()
        .map(|c| (levenshtein(&w, &norm(c)), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &[
        "title",
        "logo",
        "urlCheck",
        "urlData",
        "urlTableList",
        "settings",
    ];

    #[test]
    fn near_misses() {
        assert_eq!(did_you_mean("url_check", FIELDS), Some("urlCheck"));
        assert_eq!(did_you_mean("TITLE", FIELDS), Some("title"));
        assert_eq!(did_you_mean("urlcheck", FIELDS), Some("urlCheck"));
        assert_eq!(did_you_mean("setings", FIELDS), Some("settings"));
        assert_eq!(did_you_mean("foo", FIELDS), None);
        assert_eq!(did_you_mean("", FIELDS), None);
    }
}
