//! The spam classifier's token counts (`spam_tokens`; the empty token
//! holds the message totals).

use crate::exec::{Db, dynamic, placeholders, query};
use beitrag_core::spam::Counts;
use sqlx::Row;

/// Token counts and totals.
pub(crate) async fn spam_counts(db: &mut Db<'_>, tokens: &[String]) -> Result<Counts, sqlx::Error> {
    let mut counts = Counts::default();
    // The totals row has the empty token; one statement fetches both.
    let mut all: Vec<&str> = vec![""];
    all.extend(tokens.iter().map(String::as_str));
    let sql = format!(
        "select token, spam, ham from spam_tokens where token in ({})",
        placeholders(1, all.len())
    );
    let mut q = dynamic(sql);
    for t in &all {
        q = q.bind((*t).to_owned());
    }
    for row in db.all(q).await? {
        let token: String = row.try_get("token")?;
        let (spam, ham): (i64, i64) = (row.try_get("spam")?, row.try_get("ham")?);
        if token.is_empty() {
            counts.spam_messages = spam;
            counts.ham_messages = ham;
        } else {
            counts.tokens.push((token, spam, ham));
        }
    }
    Ok(counts)
}

/// Adds to token counts and totals (never below zero).
pub(crate) async fn train(
    db: &mut Db<'_>,
    tokens: &[String],
    spam: i64,
    ham: i64,
) -> Result<(), sqlx::Error> {
    for token in std::iter::once("").chain(tokens.iter().map(String::as_str)) {
        db.execute(
            query(
                "insert into spam_tokens (token, spam, ham) values ($1, $2, $3) \
                 on conflict (token) do update set \
                 spam = case when spam_tokens.spam + $4 < 0 then 0 else spam_tokens.spam + $4 end, \
                 ham = case when spam_tokens.ham + $5 < 0 then 0 else spam_tokens.ham + $5 end",
            )
            .bind(token.to_owned())
            .bind(spam.max(0))
            .bind(ham.max(0))
            .bind(spam)
            .bind(ham),
        )
        .await?;
    }
    Ok(())
}
