# Deutsche Texte der Verwaltung (/admin). Schlüssel beginnen mit admin- oder
# setting-; admin.en.ftl hat genau dieselben Schlüssel.

## Rahmen
admin-title = Verwaltung
admin-skip = Zum Inhalt springen
admin-menu = Menü
admin-nav-label = Verwaltung
admin-nav-dashboard = Übersicht
admin-nav-posts = Beiträge
admin-nav-pages = Seiten
admin-nav-comments = Kommentare
admin-nav-media = Medien
admin-nav-terms = Schlagwörter und Kategorien
admin-nav-subscribers = Abonnenten
admin-subscribers-help = Wer neue Beiträge per E-Mail (nach Bestätigung des Links) oder per WebSub (Feed-Reader) erhält. Jede E-Mail enthält einen Link zum Abbestellen.
admin-subscribers-email = Per E-Mail
admin-subscribers-since = Angemeldet
admin-subscribers-consent = Bestätigt (Einwilligung)
admin-subscribers-pending = noch nicht bestätigt
admin-subscribers-remove = Entfernen
admin-subscribers-none = Noch niemand hat per E-Mail abonniert.
admin-subscribers-removed = Der Abonnent wurde entfernt.
admin-subscribers-forbidden = Abonnenten sehen und entfernen dürfen nur Administratoren.
admin-subscribers-websub = Per WebSub
admin-subscribers-topic = Feed
admin-subscribers-callback = Empfänger
admin-subscribers-expires = Gültig bis
admin-subscribers-websub-none = Kein Feed-Reader hat über WebSub abonniert.
admin-nav-users = Benutzer
admin-nav-settings = Einstellungen
admin-nav-profile = Profil
admin-view-site = Zur Website
admin-logout = Abmelden
admin-status-code = { $code ->
    [403] Nicht erlaubt
    [404] Nicht gefunden
    [409] Inzwischen geändert
    [422] Ungültig
   *[other] Etwas ist schiefgegangen
}
admin-back-dashboard = Zurück zur Übersicht
admin-role-administrator = Administrator
admin-role-editor = Redakteur
admin-role-author = Autor
admin-role-contributor = Mitarbeiter
admin-language-de = Deutsch
admin-language-en = English

## Gemeinsame Wörter
admin-save = Speichern
admin-cancel = Abbrechen
admin-delete = Löschen
admin-edit = Bearbeiten
admin-edit-lower = bearbeiten
admin-view = Ansehen
admin-permalink = Permalink
admin-revisions = Versionen
admin-preview = Vorschau
admin-apply = Übernehmen
admin-choose = Auswählen …
admin-select = Auswählen
admin-search = Suche
admin-filter = Filtern
admin-add-new = Neu hinzufügen
admin-bulk-action = Mehrfachaktion
admin-nothing-here = Hier ist nichts.
admin-nothing-found = Nichts gefunden.
admin-not-saved = Nicht gespeichert: { $field } { $message }.
admin-pages-label = Seiten
admin-newer = ← Neuere
admin-older = Ältere →
admin-page-of = Seite { $page } von { $pages }
admin-field-title = Titel
admin-field-slug = Titelform
admin-field-text = Text
admin-field-excerpt = Auszug
admin-field-status = Status
admin-field-tags = Schlagwörter
admin-field-tag = Schlagwort
admin-field-categories = Kategorien
admin-field-category = Kategorie
admin-field-name = Name
admin-field-email = E-Mail
admin-col-author = Autor
admin-col-date = Datum
admin-col-kind = Art
admin-col-response = Antwort
admin-col-in-reply-to = Zu
admin-col-actions = Aktionen
admin-post-status-draft = Entwurf
admin-post-status-pending = zur Prüfung
admin-post-status-published = veröffentlicht
admin-post-status-scheduled = geplant
admin-post-status-private = privat

## Anmelden, Passwort zurücksetzen
admin-login-title = Anmelden
admin-login-login = Benutzername
admin-login-password = Passwort
admin-login-code = Code aus Ihrer Authenticator-App
admin-login-code-hint = Nur wenn Sie die Zwei-Faktor-Authentifizierung eingeschaltet haben.
admin-login-submit = Anmelden
admin-login-password-changed = Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen an.
admin-login-expired = Das Formular ist abgelaufen. Bitte versuchen Sie es noch einmal.
admin-login-wrong = Benutzername, Passwort oder Code falsch.
admin-login-throttled = Zu viele Fehlversuche. Bitte warten Sie { $seconds } Sekunden.
admin-forgot-title = Passwort vergessen?
admin-forgot-text = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein. Gehört sie zu einem Konto, schicken wir einen Link, mit dem Sie ein neues Passwort setzen; er gilt { $minutes } Minuten.
admin-forgot-who = Benutzername oder E-Mail
admin-forgot-submit = Link senden
admin-forgot-sent-title = Sehen Sie in Ihr Postfach
admin-forgot-sent-text = Gehört der Name oder die Adresse zu einem Konto, ist ein Link für ein neues Passwort unterwegs.
admin-forgot-back = Zurück zur Anmeldung
admin-reset-page-title = Passwort
admin-reset-title = Neues Passwort setzen
admin-reset-submit = Passwort speichern
admin-reset-invalid-title = Dieser Link funktioniert nicht
admin-reset-invalid-text = Er ist abgelaufen oder wurde schon benutzt.
admin-reset-invalid-link = Einen neuen anfordern.
admin-password-current = Aktuelles Passwort
admin-password-new = Neues Passwort
admin-password-repeat = Wiederholen
admin-password-change = Passwort ändern
admin-password-differ = Die beiden Passwörter sind verschieden.
admin-password-mismatch = stimmt nicht mit dem neuen Passwort überein
admin-password-invalid = Das Passwort: { $message }.

## Übersicht
admin-dashboard-write = Neuen Beitrag schreiben
admin-dashboard-comments-waiting = Wartende Kommentare
admin-dashboard-drafts = Entwürfe
admin-dashboard-no-drafts = Keine Entwürfe.
admin-dashboard-review = Warten auf Prüfung
admin-dashboard-no-review = Nichts zu prüfen.
admin-dashboard-scheduled = Geplant
admin-dashboard-no-scheduled = Nichts geplant.
admin-dashboard-recent = Letzte Änderungen
admin-dashboard-no-posts = Noch keine Beiträge.

## Listen der Beiträge und Seiten
admin-posts-filter-label = { $kind ->
    [page] Seiten filtern
   *[other] Beiträge filtern
}
admin-posts-all-statuses = Alle Status
admin-posts-all-authors = Alle Autoren
admin-posts-all-tags = Alle Schlagwörter
admin-posts-all-categories = Alle Kategorien
admin-posts-publish = Veröffentlichen
admin-posts-to-draft = Zum Entwurf machen
admin-posts-count = { $count ->
    [one] 1 Eintrag
   *[other] { $count } Einträge
}
admin-posts-select = { $title } auswählen
admin-posts-done-published = { $count ->
    [one] 1 Eintrag veröffentlicht.
   *[other] { $count } Einträge veröffentlicht.
}
admin-posts-done-drafted = { $count ->
    [one] 1 Eintrag zum Entwurf gemacht.
   *[other] { $count } Einträge zum Entwurf gemacht.
}
admin-posts-done-deleted = { $count ->
    [one] 1 Eintrag gelöscht.
   *[other] { $count } Einträge gelöscht.
}
admin-posts-done-failed = { $count } konnten nicht geändert werden: Sie dürfen sie nicht ändern, oder sie sind so, wie sie sind, nicht gültig (öffnen Sie sie, um den Grund zu sehen).

## Editor
admin-editor-new = { $kind ->
    [page] Neue Seite
   *[other] Neuer Beitrag
}
admin-editor-edit = { $kind ->
    [page] Seite bearbeiten
   *[other] Beitrag bearbeiten
}
admin-editor-all = { $kind ->
    [page] Alle Seiten
   *[other] Alle Beiträge
}
admin-editor-saved = Gespeichert.
admin-editor-saved-scheduled = Gespeichert; erscheint am { $date } ({ $zone }).
admin-editor-both = Beide Fassungen
admin-editor-theirs = Die andere (gespeichert)
admin-editor-yours = Ihre (im Formular unten erhalten)
admin-editor-not-saved = nicht gespeichert
admin-editor-conflict = Jemand anderes hat diesen Eintrag gespeichert, nachdem Sie ihn geöffnet haben. Vergleichen Sie beide Fassungen; erneutes Speichern ersetzt die andere durch das, was im Formular steht.
admin-editor-forbidden = Sie dürfen diesen Eintrag nicht bearbeiten.
admin-editor-slug-help = Kleinbuchstaben, Ziffern und Bindestriche; leer: aus dem Titel gebildet.
admin-editor-bad-status = wählen Sie einen der angebotenen Status
admin-editor-bad-date = `{ $text }` ist kein Datum mit Uhrzeit wie 2026-11-28T09:30
admin-editor-no-such-time = { $text } gibt es in { $zone } nicht (die Uhren überspringen diese Stunde)
admin-editor-bad-upload-id = `{ $id }` ist keine Id einer Datei
admin-editor-source-markdown = Text (Markdown)
admin-editor-source-html = Text (HTML, importiert)
admin-editor-preview-hint = „Vorschau“ zeigt den Text so, wie er veröffentlicht wird.
admin-editor-status-draft = Entwurf
admin-editor-status-pending = Zur Prüfung vorlegen
admin-editor-status-published = Veröffentlicht (Datum in der Zukunft: geplant)
admin-editor-status-scheduled = Geplant
admin-editor-status-private = Privat
admin-editor-status-hint-scheduled = Das Datum liegt in der Zukunft: Der Beitrag wird geplant und erscheint dann.
admin-editor-toolbar = Formatierung
admin-editor-tool-bold = Fett
admin-editor-tool-italic = Kursiv
admin-editor-tool-link = Link
admin-editor-tool-heading = Überschrift
admin-editor-tool-list = Liste
admin-editor-tool-quote = Zitat
admin-editor-tool-image = Bild
admin-editor-drop-help = Fügen Sie ein Bild in den Text ein oder ziehen Sie es hinein, um es hochzuladen.
admin-editor-featured = Beitragsbild
admin-editor-featured-none = Kein Beitragsbild
admin-editor-featured-help = Erscheint über dem Beitrag, in Linkvorschauen (OpenGraph) und in den Feeds. Weitere Bilder in der Mediathek hochladen.
admin-editor-alt-title = Das Bild beschreiben
admin-editor-alt-label = Alternativtext für { $name }
admin-editor-alt-ok = Hochladen
admin-editor-alt-cancel = Abbrechen
admin-editor-publish-date = Veröffentlichungsdatum
admin-editor-publish-help = Zeitzone { $zone }. Leer: jetzt, beim Veröffentlichen. Ein Datum in der Zukunft plant den Beitrag.
admin-editor-discussion = Diskussion
admin-editor-comments-open = Kommentare offen
admin-editor-pings-open = Pings (Trackbacks, Pingbacks, Webmentions) offen
admin-editor-sticky = Oben auf der Startseite halten
admin-editor-tags-help = Durch Kommas getrennt.
admin-editor-new-categories = Neue Kategorien
admin-editor-new-categories-help = Pfade wie „Reisen/Italien“, durch Kommas getrennt.
admin-editor-trackbacks = TrackBacks senden an
admin-editor-trackbacks-help = Eine URL pro Zeile.
admin-editor-upload-title = Bilder und Dateien
admin-editor-upload-choose = Datei auswählen
admin-editor-upload-insert = Hochladen und einfügen
admin-editor-upload-library = Die Mediathek öffnen,
admin-editor-upload-nojs = um eine Datei hochzuladen und ihr Markdown in den Text zu kopieren.
admin-editor-delete = { $kind ->
    [page] Seite löschen
   *[other] Beitrag löschen
}
admin-editor-delete-confirm = { $kind ->
    [page] Diese Seite mit ihren Kommentaren und Versionen löschen?
   *[other] Diesen Beitrag mit seinen Kommentaren und Versionen löschen?
}

## Versionen
admin-revisions-of = Versionen von
admin-revisions-back = Zurück zum Editor
admin-revisions-from = Von
admin-revisions-to = Bis
admin-revisions-saved = Gespeichert
admin-revisions-by = Von wem
admin-revisions-compare-from = Vergleichen ab Version { $id }
admin-revisions-compare-to = Vergleichen bis Version { $id }
admin-revisions-current = aktuell
admin-revisions-restore = Diese Version wiederherstellen
admin-revisions-compare = Vergleichen
admin-revisions-none = Noch keine Versionen.
admin-revisions-diff-title = Änderungen von Version { $from } zu { $to }
admin-revisions-same = Die beiden Versionen haben denselben Titel, Auszug und Text.
admin-revisions-restored = Version { $id } wurde wiederhergestellt und als neueste Fassung gespeichert.
admin-revisions-conflict = Jemand hat diesen Eintrag gespeichert, nachdem Sie diese Seite geöffnet haben; nichts wurde wiederhergestellt. Sehen Sie sich zuerst die neueste Version an.
admin-revisions-invalid = Wiederherstellen nicht möglich: { $message }
admin-revisions-forbidden = Sie dürfen die Versionen dieses Eintrags nicht sehen.

## Kommentare
admin-comments-forbidden = Nur Redakteure und Administratoren moderieren Kommentare.
admin-comments-tabs = Kommentare nach Status
admin-comment-tab-pending = Wartend
admin-comment-tab-approved = Freigegeben
admin-comment-tab-spam = Spam
admin-comment-tab-trash = Papierkorb
admin-comment-status-pending = wartend
admin-comment-status-approved = freigegeben
admin-comment-status-spam = Spam
admin-comment-status-trash = im Papierkorb
admin-comment-kind-comment = Kommentar
admin-comment-kind-trackback = Trackback
admin-comment-kind-pingback = Pingback
admin-comment-kind-webmention = Webmention
admin-comment-kind-fediverse = Fediverse
admin-comments-keys = Tastatur: j nächste, k vorige, a freigeben, s Spam, t Papierkorb, r antworten – in der gewählten Zeile.
admin-comments-select = Die Antwort von { $name } auswählen
admin-comments-deleted-post = (gelöscht)
admin-verb-approve = Freigeben
admin-verb-unapprove = Zurückziehen
admin-verb-spam = Spam
admin-verb-unspam = Kein Spam
admin-verb-trash = Papierkorb
admin-verb-restore = Wiederherstellen
admin-verb-delete = Endgültig löschen
admin-comments-done-approve = { $count ->
    [one] 1 Antwort freigegeben.
   *[other] { $count } Antworten freigegeben.
}
admin-comments-done-unapprove = { $count ->
    [one] 1 Antwort zurück in die Warteschlange.
   *[other] { $count } Antworten zurück in die Warteschlange.
}
admin-comments-done-spam = { $count ->
    [one] 1 Antwort als Spam markiert.
   *[other] { $count } Antworten als Spam markiert.
}
admin-comments-done-unspam = { $count ->
    [one] 1 Antwort als kein Spam markiert.
   *[other] { $count } Antworten als kein Spam markiert.
}
admin-comments-done-trash = { $count ->
    [one] 1 Antwort in den Papierkorb gelegt.
   *[other] { $count } Antworten in den Papierkorb gelegt.
}
admin-comments-done-restore = { $count ->
    [one] 1 Antwort wiederhergestellt.
   *[other] { $count } Antworten wiederhergestellt.
}
admin-comments-done-delete = { $count ->
    [one] 1 Antwort endgültig gelöscht.
   *[other] { $count } Antworten endgültig gelöscht.
}
admin-comments-done-edited = Die Antwort wurde geändert.
admin-comments-done-replied = Ihre Antwort wurde veröffentlicht.
admin-comment-edit-title = Antwort bearbeiten
admin-comment-reply-title = Antworten
admin-comment-on = zu
admin-comment-text = Text
admin-comment-your-reply = Ihre Antwort
admin-comment-text-help = Einfacher Text mit Absätzen; Links, *Betonung* und `Code` wie in Kommentaren.
admin-comment-reply-help = Erscheint sofort unter Ihrem Namen.
admin-comment-approve-reply = Freigeben und antworten
admin-comment-reply = Antworten
admin-comment-text-invalid = Der Text: { $message }.
admin-comment-reply-invalid = Die Antwort: { $message }.
admin-comment-parent-invalid = Diese Antwort: { $message }.

## Medien
admin-media-forbidden = Ihre Rolle darf keine Medien hochladen oder verwalten.
admin-media-uploaded = Die Datei wurde hochgeladen.
admin-media-deleted = Die Datei wurde gelöscht.
admin-media-choose-file = Wählen Sie zuerst eine Datei.
admin-media-not-uploaded = Nichts wurde hochgeladen: { $error }
admin-media-file = Datei
admin-media-file-help = JPEG, PNG, WebP, GIF oder PDF, höchstens { $max }. Bilder bekommen kleinere Kopien für Telefone.
admin-media-upload = Hochladen
admin-media-count = { $count ->
    [one] 1 Datei
   *[other] { $count } Dateien
}
admin-media-delete-confirm = { $name } löschen? Beiträge, die es zeigen, zeigen dann ein fehlendes Bild.
admin-media-none = Noch keine Dateien.
admin-media-alt = Alternativtext (was das Bild zeigt)
admin-media-alt-help = Für Bilder nötig: wird Menschen vorgelesen, die das Bild nicht sehen, und erscheint, wo es nicht lädt. Nicht der Dateiname.
admin-media-alt-save = Alternativtext speichern
admin-media-alt-saved = Der Alternativtext wurde gespeichert.
admin-media-alt-not-saved = Der Alternativtext wurde nicht gespeichert: { $error }

## Schlagwörter und Kategorien
admin-terms-forbidden = Nur Redakteure und Administratoren verwalten Schlagwörter und Kategorien.
admin-terms-saved = Gespeichert.
admin-terms-merged = Zusammengeführt.
admin-terms-help = Umbenennen ändert die Archiv-URL; die alte leitet weiter. Zusammenführen legt jeden Beitrag unter den anderen Begriff.
admin-terms-rename = Umbenennen
admin-terms-rename-move = Umbenennen / verschieben
admin-terms-merge-into = Zusammenführen mit
admin-terms-merge = Zusammenführen
admin-terms-new-name = Neuer Name
admin-terms-parent = Übergeordnet
admin-terms-top-level = (oberste Ebene)
admin-terms-none = Noch keine.
admin-terms-slug-taken = ein anderer Begriff hat schon die Titelform `{ $slug }`; führen Sie sie stattdessen zusammen
admin-terms-not-found = diesen Begriff gibt es nicht
admin-terms-choose-merge = wählen Sie den Begriff, mit dem zusammengeführt wird

## Benutzer
admin-users-forbidden = Nur Administratoren verwalten Benutzer.
admin-users-invited = Konto { $login } angelegt. Geben Sie dieses Passwort weiter (nur einmal gezeigt):
admin-users-role-status = Rolle und Status
admin-users-role = Rolle
admin-users-you = Sie
admin-users-disabled = gesperrt
admin-users-invite = Jemanden einladen
admin-users-create = Konto anlegen
admin-users-bad-role = ist keine Rolle
admin-users-login-taken = `{ $login }` ist schon vergeben

## Profil
admin-profile-title = Profil von { $login }
admin-profile-about = Über Sie
admin-profile-bio = Biografie
admin-profile-language = Sprache der Verwaltung
admin-profile-language-site = Sprache der Website
admin-profile-language-help = In dieser Sprache spricht die Verwaltung mit Ihnen; Zeiten bleiben in der Zeitzone der Website.
admin-profile-save = Profil speichern
admin-profile-saved = Profil gespeichert.
admin-profile-password-changed = Passwort geändert.
admin-profile-session-ended = Sitzung beendet.
admin-profile-token-revoked = Token widerrufen.
admin-profile-totp-is-on = Die Zwei-Faktor-Authentifizierung ist eingeschaltet.
admin-profile-totp-is-off = Die Zwei-Faktor-Authentifizierung ist ausgeschaltet.
admin-totp-title = Zwei-Faktor-Authentifizierung
admin-totp-on = Ein: Die Anmeldung braucht einen Code aus Ihrer Authenticator-App.
admin-totp-off = Aus. Eingeschaltet braucht die Anmeldung zusätzlich einen Code aus einer Authenticator-App.
admin-totp-current-code = Aktueller Code
admin-totp-code = Code
admin-totp-turn-off = Ausschalten
admin-totp-turn-on = Einschalten
admin-totp-set-up = Einrichten
admin-totp-setup-text = Fügen Sie dieses Geheimnis Ihrer Authenticator-App hinzu (oder öffnen Sie den Link auf Ihrem Telefon) und geben Sie dann den angezeigten Code ein.
admin-sessions-title = Sitzungen
admin-sessions-since = Seit
admin-sessions-last-seen = Zuletzt gesehen
admin-sessions-address = Adresse
admin-sessions-browser = Browser
admin-sessions-this = dieser Browser
admin-sessions-end = Beenden
admin-sessions-logout-all = Überall abmelden
admin-tokens-title = API-Tokens und Anwendungspasswörter
admin-tokens-text-before = Anwendungspasswörter melden Desktop- und Mobil-Programme über XML-RPC an (angelegt mit
admin-tokens-text-after = ); widerrufen Sie eines hier, wenn ein Gerät weg ist.
admin-tokens-new = Neues Token (jetzt kopieren, es wird nicht wieder gezeigt):
admin-tokens-scope = Umfang
admin-tokens-scope-read = lesen
admin-tokens-scope-write = schreiben
admin-tokens-scope-app = Anwendungspasswort
admin-tokens-created = Angelegt
admin-tokens-last-used = Zuletzt benutzt
admin-tokens-never = nie
admin-tokens-revoke = Widerrufen
admin-tokens-none = Keine Tokens.
admin-tokens-create = Token anlegen
admin-tokens-bad-scope = muss lesen (read) oder schreiben (write) sein

## IndieAuth-Zustimmung
admin-indieauth-title = Ein Programm anmelden
admin-indieauth-client-before = Das Programm
admin-indieauth-client-after = möchte in diesem Blog für Sie handeln.
admin-indieauth-asks = Es möchte:
admin-indieauth-profile-only = Es möchte nur wissen, wer Sie sind.
admin-indieauth-back-to = Danach geht es zurück zu
admin-indieauth-allow = Erlauben
admin-indieauth-deny = Ablehnen
admin-indieauth-scope-create = Beiträge anlegen
admin-indieauth-scope-update = Beiträge ändern
admin-indieauth-scope-delete = Beiträge löschen
admin-indieauth-scope-media = Medien hochladen
admin-indieauth-scope-draft = nur Entwürfe schreiben
admin-indieauth-scope-profile = Ihr Profil sehen

## Skripte (admin.js)
admin-js-autosave-found = Es gibt eine ungespeicherte Fassung dieses Textes vom { $date }.
admin-js-autosave-restore = Wiederherstellen
admin-js-autosave-discard = Verwerfen
admin-js-uploading = { $name } wird hochgeladen …
admin-js-uploaded = { $name } wurde hochgeladen und eingefügt.
admin-js-not-uploaded = Nicht hochgeladen: { $error }
admin-js-upload-failed = Hochladen fehlgeschlagen ({ $status })
admin-js-alt-missing = Nicht hochgeladen: Ein Bild braucht einen Alternativtext.
admin-js-link-url = Adresse des Links

## Einstellungen
admin-settings-forbidden = Nur Administratoren ändern die Einstellungen der Website.
admin-site-icon = Website-Icon
admin-site-icon-current = Aktuelles Website-Icon
admin-site-icon-builtin = Noch kein eigenes Icon: Browser und Telefone zeigen das eingebaute.
admin-site-icon-choose = Bild für das Icon
admin-site-icon-help = Ein quadratisches Bild (PNG, JPEG, WebP oder GIF) von mindestens { $min } × { $min } Pixeln; ein anderes Format wird mittig quadratisch zugeschnitten. Daraus entstehen /favicon.ico, das Apple-Touch-Icon und das Bild der Feeds.
admin-site-icon-upload = Icon hochladen
admin-site-icon-remove = Eigenes Icon entfernen
admin-site-icon-saved = Das Website-Icon wurde gespeichert.
admin-site-icon-removed = Das eigene Website-Icon wurde entfernt.
admin-site-icon-refused = Das Icon wurde nicht gespeichert: { $reason }
admin-site-icon-choose-first = Bitte zuerst ein Bild auswählen.
setting-site_icon-label = Website-Icon
setting-site_icon-help = Wird durch Hochladen eines Bildes gesetzt.
admin-settings-saved = Einstellungen gespeichert.
admin-settings-save = Einstellungen speichern
admin-settings-sections = Bereiche
admin-settings-group-general = Allgemein
admin-settings-group-writing = Schreiben
admin-settings-group-reading = Lesen
admin-settings-group-discussion = Diskussion
admin-settings-group-media = Medien
admin-settings-group-permalinks = Permalinks
admin-settings-media-note = Hochgeladene Dateien dürfen bis zu { $max } groß sein; die Grenze und der Speicherort stehen in der Konfigurationsdatei (Abschnitt [media]).
setting-title-label = Titel der Website
setting-title-help = Der Name des Blogs, im Kopf und in den Feeds.
setting-tagline-label = Untertitel
setting-tagline-help = Eine Zeile unter dem Namen.
setting-base_url-label = Adresse der Website (URL)
setting-base_url-help = Die absolute URL, unter der das Blog erreichbar ist, ohne Schrägstrich am Ende.
setting-language-label = Sprache der Website
setting-language-help = Die Sprache des Themes, der Feeds und Mails, und der Verwaltung für alle, die keine gewählt haben.
setting-language-de = Deutsch
setting-language-en = English
setting-timezone-label = Zeitzone
setting-timezone-help = Zeiten auf der Website und in der Verwaltung erscheinen in dieser Zone.
setting-default_comment_status-label = Kommentare bei neuen Beiträgen
setting-default_comment_status-help = Ob neue Beiträge Kommentare annehmen; jeder Beitrag kann es ändern.
setting-default_comment_status-open = offen
setting-default_comment_status-closed = geschlossen
setting-default_ping_status-label = Pings bei neuen Beiträgen
setting-default_ping_status-help = Ob neue Beiträge Trackbacks und Pingbacks annehmen; jeder Beitrag kann es ändern.
setting-default_ping_status-open = offen
setting-default_ping_status-closed = geschlossen
setting-posts_per_page-label = Beiträge pro Seite
setting-posts_per_page-help = Beiträge auf jeder Archivseite, 1 bis 100.
setting-feed_items-label = Einträge in Feeds
setting-feed_items-help = Einträge in jedem Feed, 1 bis 100.
setting-webmention_status-label = Webmentions
setting-webmention_status-help = Webmentions empfangen und den Endpunkt anzeigen (Pingback und TrackBack bleiben an).
setting-webmention_status-open = offen
setting-webmention_status-closed = geschlossen
setting-fediverse_username-label = Name im Fediverse
setting-fediverse_username-help = Der Name des Blogs im Fediverse: @NAME@host (Buchstaben, Ziffern, _; 1 bis 30). Wer schon folgt, folgt nach einer Änderung weiter; der alte Name wird nicht mehr gefunden.
setting-comment_moderation-label = Moderation
setting-comment_moderation-help = Welche Kommentare auf eine Freigabe warten, bevor sie erscheinen.
setting-comment_moderation-all = Jeden Kommentar zurückhalten
setting-comment_moderation-first = Kommentare von Erstkommentatoren zurückhalten
setting-comment_moderation-none = Kommentare sofort veröffentlichen (andere Regeln können sie trotzdem zurückhalten)
setting-comment_max_links-label = Links, ab denen ein Kommentar wartet
setting-comment_max_links-help = Kommentare mit mehr Links als diesen warten auf Moderation, 0 bis 50.
setting-comment_spam_threshold-label = Spam-Schwelle (Prozent)
setting-comment_spam_threshold-help = Ein Kommentar mit einem Spam-Wert ab dieser Zahl gilt als Spam, 50 bis 100.
setting-close_comments_days_old-label = Kommentare schließen nach Tagen
setting-close_comments_days_old-help = Kommentare und Pings schließen bei Beiträgen, die älter sind als so viele Tage; 0 lässt sie offen.
setting-comment_thread_depth-label = Antworttiefe
setting-comment_thread_depth-help = Die tiefste Ebene von Antworten, 1 bis 10.
setting-comments_per_page-label = Kommentare pro Seite
setting-comments_per_page-help = Kommentare der obersten Ebene auf jeder Kommentarseite, jeweils mit ihren Antworten, 1 bis 1000.
setting-default_comments_page-label = Zuerst gezeigte Kommentarseite
setting-default_comments_page-help = Welche Kommentarseite der Beitrag selbst zeigt; gezählt wird in jedem Fall ab den ältesten.
setting-default_comments_page-newest = Die neuesten Kommentare
setting-default_comments_page-oldest = Die ältesten Kommentare
setting-comment_min_seconds-label = Mindestzeit zum Ausfüllen (Sekunden)
setting-comment_min_seconds-help = Schneller gesendete Formulare werden als automatisch abgewiesen, 0 bis 600.
setting-robots_txt-label = robots.txt-Regeln
setting-robots_txt-help = Eine Regel je Zeile, z. B. „Disallow: /privat/“. Leer: Crawler bleiben nur aus /admin/ und der Suche heraus. Die Sitemap-Zeile kommt immer dazu.
setting-websub_hub-label = WebSub-Hub (extern)
setting-websub_hub-help = Leer: Das Blog ist sein eigener WebSub-Hub unter /websub, Feed-Reader erhalten neue Beiträge sofort. Eine Adresse: Die Feeds nennen diesen Hub, und er wird bei jeder Veröffentlichung benachrichtigt.
setting-blocklist_words-label = Gesperrte Wörter
setting-blocklist_words-help = Durch Kommas getrennte Wörter, die einen Kommentar als Spam markieren.
setting-blocklist_ips-label = Gesperrte Adressen
setting-blocklist_ips-help = Durch Kommas getrennte IP-Adressen oder Anfänge (z. B. 203.0.113.), deren Kommentare abgewiesen werden.
setting-blocklist_emails-label = Gesperrte E-Mail-Adressen
setting-blocklist_emails-help = Durch Kommas getrennte E-Mail-Adressen, deren Kommentare abgewiesen werden.
setting-blocklist_domains-label = Gesperrte Domains
setting-blocklist_domains-help = Durch Kommas getrennte Domains, abgewiesen in E-Mail-Adressen, Websites und Links.
setting-fediverse_blocked_actors-label = Gesperrte Fediverse-Konten
setting-fediverse_blocked_actors-help = Durch Kommas getrennte Konten (@name@server oder Actor-Adresse), deren Aktivitäten verworfen werden; ganze Server sperren die gesperrten Domains.
setting-ip_retention_days-label = Adressen der Kommentierenden behalten (Tage)
setting-ip_retention_days-help = Nach so vielen Tagen werden die (schon gekürzten) Adressen gelöscht, 1 bis 3650.
setting-akismet_key-label = Akismet-Schlüssel
setting-akismet_key-help = API-Schlüssel eines Akismet-kompatiblen Spam-Dienstes; leer lässt die Spam-Prüfung auf diesem Server.
setting-akismet_url-label = Akismet-Adresse
setting-akismet_url-help = Die Adresse, an der dieser Dienst Kommentare prüft.
setting-permalink-label = Adressen der Beiträge
setting-permalink-help = Das Muster der Beitrags-URLs: %year% %monthnum% %day% %postname% %post_id% %category% %author%. Alte Adressen leiten weiter.
setting-permalink-day = Tag und Name
setting-permalink-month = Monat und Name
setting-permalink-numeric = Numerisch
setting-permalink-name = Beitragsname
setting-permalink-category = Kategorie und Name
setting-permalink-custom = Eigene Struktur

## Mail
admin-mail-reset-subject = [{ $site }] Neues Passwort setzen
admin-mail-reset-hello = Hallo { $name },
admin-mail-reset-asked = jemand (hoffentlich Sie) möchte ein neues Passwort für Ihr Konto `{ $login }` bei { $site } setzen.
admin-mail-reset-open = Öffnen Sie diesen Link innerhalb von { $minutes } Minuten, um eines zu wählen:
admin-mail-reset-ignore = Waren Sie es nicht, ignorieren Sie diese Mail; Ihr Passwort bleibt, wie es ist.

# Design: the navigation menu and the sidebar's widgets.
admin-nav-design = Design
admin-nav-menu = Menü
admin-nav-widgets = Widgets
admin-design-forbidden = Nur Administratoren ändern Menü und Widgets.
admin-design-saved = Gespeichert.
admin-design-up = Nach oben
admin-design-down = Nach unten
admin-design-remove = Entfernen
admin-design-add = Hinzufügen
admin-design-error-entry = Eintrag { $n }: { $error }
admin-design-error-label = Die Beschriftung darf höchstens 100 Zeichen lang sein und keine Steuerzeichen enthalten.
admin-design-error-title = Der Titel darf höchstens 100 Zeichen lang sein und keine Steuerzeichen enthalten.
admin-design-error-url = Die Adresse muss mit http:// oder https:// beginnen und darf höchstens 2000 Zeichen lang sein.
admin-design-error-target = Diese Seite oder Kategorie gibt es nicht (mehr), oder die Seite ist nicht veröffentlicht.
admin-design-error-parent = Ein Eintrag kann nur unter einem anderen Eintrag der obersten Ebene stehen (eine Ebene).
admin-design-error-kind = Diese Art kennt beitrag nicht.
admin-design-error-count = Diese Anzahl liegt außerhalb des erlaubten Bereichs.
admin-design-error-links = Jeder Link braucht eine Adresse mit http:// oder https://; höchstens 50 Links, Beschriftungen bis 100 Zeichen.
admin-design-error-items = Ein Menü hat höchstens 50 Einträge.
admin-design-error-widgets = Die Seitenleiste hat höchstens 20 Widgets.
admin-design-error-other = Diese Eingabe ist ungültig.
admin-menu-help = Ohne Einträge zeigt die Navigation Startseite, Seiten und RSS. Ein Eintrag kann unter einem Eintrag der obersten Ebene stehen; dessen Untermenü öffnet sich beim Zeigen und mit der Tastatur.
admin-menu-none = Noch kein Menü: die Navigation zeigt Startseite, Seiten und RSS.
admin-menu-add = Eintrag hinzufügen
admin-menu-target = Ziel
admin-menu-url = Adresse (eigener Link)
admin-menu-label = Beschriftung
admin-menu-parent = Unter
admin-menu-top-level = — oberste Ebene —
admin-menu-kind-page = Seite
admin-menu-kind-category = Kategorie
admin-menu-kind-custom = Eigener Link
admin-widgets-help = Die Widgets stehen in dieser Reihenfolge in der Seitenleiste, auf dem Telefon unter den Beiträgen.
admin-widgets-none = Keine Widgets: die Seitenleiste bleibt leer.
admin-widgets-add = Widget hinzufügen
admin-widgets-kind = Art
admin-widgets-title = Titel
admin-widgets-default-title = Standardtitel des Themes
admin-widgets-count = Anzahl ({ $min }–{ $max })
admin-widgets-links = Links, einer pro Zeile: Adresse, Leerzeichen, Beschriftung
admin-widget-kind-search = Suche
admin-widget-kind-recent-posts = Neueste Beiträge
admin-widget-kind-recent-comments = Neueste Kommentare
admin-widget-kind-categories = Kategorien
admin-widget-kind-tag-cloud = Schlagwort-Wolke
admin-widget-kind-archives = Archiv nach Monaten
admin-widget-kind-pages = Seiten
admin-widget-kind-links = Links (Blogroll)
admin-widget-kind-subscribe = Abonnieren (Feeds)

admin-nav-followers = Follower im Fediverse
admin-followers-help = Wer dem Blog als { $handle } im Fediverse folgt, bekommt neue Beiträge und freigegebene Kommentare. Entfernte Follower bekommen nichts mehr; wer gar nicht mehr folgen soll, kommt in die Einstellung „Gesperrte Fediverse-Konten“.
admin-followers-account = Konto
admin-followers-since = Folgt seit
admin-followers-actions = Aktionen
admin-followers-remove = Entfernen
admin-followers-removed = Der Follower wurde entfernt.
admin-followers-none = Noch folgt niemand dem Blog im Fediverse.
