# German interface strings of the default theme.
skip-to-content = Zum Inhalt springen
nav-label = Hauptnavigation
nav-home = Startseite
footer-powered = Betrieben mit beitrag
author-of-article = Autor des Artikels: { $name }
comment-state-off = Off
comment-state-count = { $count ->
    [one] { $count } Kommentar
   *[other] { $count } Kommentare
}
subscribe-text = Hat Ihnen dieser Artikel gefallen? Dann abonnieren Sie unser Blog per
subscribe-link = RSS-Feed
about-author = Über den Autor: { $name }
author-archive-link = Alle Artikel von { $name }
no-bio = { $name } hat noch keine Biografie hinterlegt.
tags = Tags
categories = Kategorien
comments-heading = Kommentare ({ $count })
trackbacks-heading = Trackbacks ({ $count })
no-comments = Bisher gibt es keine Kommentare.
no-trackbacks = Bisher gibt es keine Trackbacks.
comments-closed = Die Kommentarfunktion ist hier derzeit deaktiviert.
pings-closed = Trackbacks und Pingbacks sind für diesen Artikel deaktiviert.
comment-wrote = schrieb am
trackback-from = { $kind ->
    [pingback] Pingback
    [webmention] Webmention
   *[other] Trackback
} von { $blog }
fediverse-reactions = Im Fediverse: { $likes ->
    [one] 1 Like
   *[other] { $likes } Likes
}, { $boosts ->
    [one] 1 Mal geteilt
   *[other] { $boosts } Mal geteilt
}
trackback-url = Trackback-URL für diesen Artikel:
previous-post = Vorheriger Artikel
next-post = Nächster Artikel
post-navigation = Artikelnavigation
comment-navigation = Kommentarnavigation
older-comments = Ältere Kommentare
newer-comments = Neuere Kommentare
comment-page-title = Kommentarseite { $n }
published-on = Veröffentlicht am
updated-on = Aktualisiert am
read-more = Weiterlesen
sticky = Hervorgehoben
older-posts = Ältere Artikel
newer-posts = Neuere Artikel
pagination = Seitennavigation
page-n = Seite { $n }
archive-tag = Artikel mit dem Tag „{ $name }“
archive-category = Artikel in der Kategorie „{ $name }“
archive-author = Artikel von { $name }
archive-date = Archiv für { $date }
archive-empty = Hier gibt es noch keine Artikel.
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es leider nichts. Vielleicht finden Sie hier, was Sie suchen:
recent-posts = Neueste Artikel
feed-posts = { $site } » Feed
feed-comments = { $site } » Kommentar-Feed
feed-post-comments = { $site } » { $title } Kommentar-Feed
feed-archive = { $site } » { $name } Feed
comments-on = Kommentar zu { $title } von { $name }
respond-heading = Schreiben Sie einen Kommentar
reply-heading = Antwort an { $name }
reply-link = Antworten
cancel-reply = Antwort abbrechen
form-name = Name
form-email = E-Mail (wird nicht veröffentlicht)
form-url = Website (optional)
form-text = Kommentar
form-submit = Kommentar abschicken
form-honeypot = Dieses Feld bitte leer lassen
form-hint = Einfacher Text; Links werden automatisch erkannt, *kursiv* und **fett** sind möglich.
form-error-summary = Bitte prüfen Sie die markierten Felder.
form-error-name = Bitte geben Sie Ihren Namen an (höchstens 100 Zeichen).
form-error-email = Bitte geben Sie eine gültige E-Mail-Adresse an.
form-error-url = Die Website muss mit http:// oder https:// beginnen.
form-error-text = Bitte schreiben Sie einen Kommentar (höchstens 10.000 Zeichen, keine Steuerzeichen).
form-error-parent = Der Kommentar, auf den Sie antworten, ist nicht verfügbar.
form-error-token = Das Formular ist abgelaufen. Bitte senden Sie es noch einmal.
form-error-too-fast = Das ging zu schnell. Bitte senden Sie das Formular noch einmal.
form-error-duplicate = Diesen Kommentar haben Sie bereits abgeschickt.
awaiting-moderation = Ihr Kommentar wartet auf Freischaltung.
closed-title = Kommentare geschlossen
blocked-title = Nicht angenommen
blocked-text = Dieser Kommentar wurde nicht angenommen.
too-many-title = Zu viele Kommentare
too-many-text = Sie haben in kurzer Zeit zu viele Kommentare geschickt. Bitte versuchen Sie es in { $seconds } Sekunden noch einmal.
back-to-post = Zurück zum Artikel
form-notify = Über Antworten per E-Mail benachrichtigen
mail-comment-subject = [{ $site }] Neuer Kommentar zu „{ $title }“
mail-comment-intro = { $name } hat einen Kommentar zu „{ $title }“ geschrieben:
mail-comment-pending = Der Kommentar wartet auf Freischaltung. Freischalten mit: beitrag comments approve { $id }
mail-reply-subject = [{ $site }] Antwort auf Ihren Kommentar zu „{ $title }“
mail-reply-intro = { $name } hat auf Ihren Kommentar geantwortet:
mail-unsubscribe = Keine Benachrichtigungen mehr zu diesem Kommentar: { $url }
unsubscribed-title = Abgemeldet
unsubscribed-text = Sie erhalten keine Benachrichtigungen mehr zu diesem Kommentar.
search-label = Suche
search-submit = Suchen
search-title = Suche
search-heading = Suchergebnisse für „{ $q }“
search-count = { $count ->
    [0] Keine Treffer.
    [one] Ein Treffer.
   *[other] { $count } Treffer.
}
search-none = Zu dieser Suche passt kein Artikel. Versuchen Sie andere oder weniger Wörter.
search-too-long = Die Suche ist zu lang: höchstens { $max } Zeichen.
search-too-many = Die Suche hat zu viele Wörter: höchstens { $max }.
search-previous = Bessere Treffer
search-next = Weitere Treffer
search-count-many = Mehr als { $count } Treffer; hier die neuesten { $count } nach Relevanz. Weitere Wörter grenzen die Suche ein.
comment-state-label = { $count ->
    [0] Keine Kommentare zu „{ $title }“
    [one] Ein Kommentar zu „{ $title }“
   *[other] { $count } Kommentare zu „{ $title }“
}
comment-state-off-label = Kommentare geschlossen
sidebar-label = Seitenleiste
widget-search = Suche
widget-recent-posts = Neueste Beiträge
widget-recent-comments = Neueste Kommentare
widget-categories = Kategorien
widget-tag-cloud = Schlagwörter
widget-archives = Archiv
widget-pages = Seiten
widget-links = Links
widget-subscribe = Abonnieren
widget-comment-on = { $author } zu { $post }
widget-posts = { $count ->
    [one] { $count } Beitrag
   *[other] { $count } Beiträge
}
widget-empty = Noch nichts hier.
subscribe-email-text = Dann abonnieren Sie doch dieses Blog per E-Mail: neue Beiträge kommen in Ihr Postfach.
subscribe-email-label = E-Mail-Adresse
subscribe-email-submit = Abonnieren
subscribe-sent-title = Fast geschafft
subscribe-sent-text = Wir haben eine E-Mail an diese Adresse geschickt, falls sie noch nicht bestätigt ist. Bitte folgen Sie dem Link darin, um das Abonnement zu bestätigen.
subscribe-confirmed-title = Abonnement bestätigt
subscribe-confirmed-text = Danke! Neue Beiträge kommen ab jetzt per E-Mail. Jede E-Mail enthält einen Link zum Abbestellen.
subscriber-unsubscribe-title = Abonnement beenden
subscriber-unsubscribe-text = Möchten Sie keine neuen Beiträge mehr per E-Mail erhalten?
subscriber-unsubscribe-button = Abbestellen
subscriber-unsubscribed-text = Sie sind abgemeldet und erhalten keine Beiträge mehr per E-Mail.
mail-subscribe-subject = [{ $site }] Bitte bestätigen Sie Ihr Abonnement
mail-subscribe-intro = Sie (oder jemand mit Ihrer Adresse) möchten neue Beiträge von „{ $site }“ per E-Mail erhalten. Bitte bestätigen Sie das mit diesem Link, er gilt { $days } Tage:
mail-subscribe-ignore = Waren Sie das nicht? Dann ignorieren Sie diese E-Mail einfach; ohne Bestätigung erhalten Sie nichts.
mail-post-subject = [{ $site }] { $title }
mail-post-intro = Neu auf „{ $site }“:
mail-post-read = Weiterlesen: { $url }
mail-post-unsubscribe = Keine Beiträge mehr per E-Mail: { $url }
subscribe-failed-title = Das hat nicht geklappt
subscribe-invalid-email = Bitte geben Sie eine gültige E-Mail-Adresse an (höchstens 254 Zeichen).
subscribe-unavailable = Abonnements per E-Mail gibt es auf diesem Blog nicht.
subscribe-link-invalid = Dieser Link ist ungültig oder abgelaufen. Sie können das Blog einfach noch einmal abonnieren.
