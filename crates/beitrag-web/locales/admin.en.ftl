# English strings of the admin (/admin). Keys start with admin- or setting-;
# admin.de.ftl has exactly the same keys.

## Frame
admin-title = Admin
admin-skip = Skip to content
admin-menu = Menu
admin-nav-label = Admin
admin-nav-dashboard = Dashboard
admin-nav-posts = Posts
admin-nav-pages = Pages
admin-nav-comments = Comments
admin-nav-media = Media
admin-nav-terms = Tags and categories
admin-nav-subscribers = Subscribers
admin-subscribers-help = Who gets new posts by email (after confirming the link) or by WebSub (feed readers). Every email has a link to unsubscribe.
admin-subscribers-email = By email
admin-subscribers-since = Signed up
admin-subscribers-consent = Confirmed (consent)
admin-subscribers-pending = not confirmed yet
admin-subscribers-remove = Remove
admin-subscribers-none = Nobody has subscribed by email yet.
admin-subscribers-removed = The subscriber was removed.
admin-subscribers-forbidden = Only administrators may see and remove subscribers.
admin-subscribers-websub = By WebSub
admin-subscribers-topic = Feed
admin-subscribers-callback = Recipient
admin-subscribers-expires = Valid until
admin-subscribers-websub-none = No feed reader has subscribed through WebSub.
admin-nav-users = Users
admin-nav-settings = Settings
admin-nav-profile = Profile
admin-view-site = View site
admin-logout = Log out
admin-status-code = { $code ->
    [403] Not allowed
    [404] Not found
    [409] Changed meanwhile
    [422] Not valid
   *[other] Something went wrong
}
admin-back-dashboard = Back to the dashboard
admin-role-administrator = administrator
admin-role-editor = editor
admin-role-author = author
admin-role-contributor = contributor
admin-language-de = Deutsch
admin-language-en = English

## Shared words
admin-save = Save
admin-cancel = Cancel
admin-delete = Delete
admin-edit = Edit
admin-edit-lower = edit
admin-view = View
admin-permalink = Permalink
admin-revisions = Revisions
admin-preview = Preview
admin-apply = Apply
admin-choose = Choose…
admin-select = Select
admin-search = Search
admin-filter = Filter
admin-add-new = Add new
admin-bulk-action = Bulk action
admin-nothing-here = Nothing here.
admin-nothing-found = Nothing found.
admin-not-saved = Not saved: { $field } { $message }.
admin-pages-label = Pages
admin-newer = ← Newer
admin-older = Older →
admin-page-of = Page { $page } of { $pages }
admin-field-title = Title
admin-field-slug = Slug
admin-field-text = Text
admin-field-excerpt = Excerpt
admin-field-status = Status
admin-field-tags = Tags
admin-field-tag = Tag
admin-field-categories = Categories
admin-field-category = Category
admin-field-name = Name
admin-field-email = Email
admin-col-author = Author
admin-col-date = Date
admin-col-kind = Kind
admin-col-response = Response
admin-col-in-reply-to = In reply to
admin-col-actions = Actions
admin-post-status-draft = draft
admin-post-status-pending = pending review
admin-post-status-published = published
admin-post-status-scheduled = scheduled
admin-post-status-private = private

## Login, password reset
admin-login-title = Log in
admin-login-login = Login
admin-login-password = Password
admin-login-code = Code from your authenticator app
admin-login-code-hint = Only if you turned on two-factor authentication.
admin-login-submit = Log in
admin-login-password-changed = Your password was changed. Log in with the new one.
admin-login-expired = The form expired. Please try again.
admin-login-wrong = Wrong login, password or code.
admin-login-throttled = Too many failed attempts. Please wait { $seconds } seconds.
admin-forgot-title = Forgot your password?
admin-forgot-text = Enter your login or email address. If it belongs to an account, we send a link to set a new password; it works for { $minutes } minutes.
admin-forgot-who = Login or email
admin-forgot-submit = Send the link
admin-forgot-sent-title = Check your email
admin-forgot-sent-text = If the login or address belongs to an account, a link to set a new password is on its way.
admin-forgot-back = Back to the login
admin-reset-page-title = Password
admin-reset-title = Set a new password
admin-reset-submit = Save the password
admin-reset-invalid-title = This link does not work
admin-reset-invalid-text = It has expired or was already used.
admin-reset-invalid-link = Ask for a new one.
admin-password-current = Current password
admin-password-new = New password
admin-password-repeat = Repeat it
admin-password-change = Change password
admin-password-differ = The two passwords differ.
admin-password-mismatch = does not match the new password
admin-password-invalid = The password { $message }.

## Dashboard
admin-dashboard-write = Write a new post
admin-dashboard-comments-waiting = Comments waiting
admin-dashboard-drafts = Drafts
admin-dashboard-no-drafts = No drafts.
admin-dashboard-review = Waiting for review
admin-dashboard-no-review = Nothing to review.
admin-dashboard-scheduled = Scheduled
admin-dashboard-no-scheduled = Nothing scheduled.
admin-dashboard-recent = Recent activity
admin-dashboard-no-posts = No posts yet.

## Post and page lists
admin-posts-filter-label = { $kind ->
    [page] Filter pages
   *[other] Filter posts
}
admin-posts-all-statuses = All statuses
admin-posts-all-authors = All authors
admin-posts-all-tags = All tags
admin-posts-all-categories = All categories
admin-posts-publish = Publish
admin-posts-to-draft = Move to draft
admin-posts-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
admin-posts-select = Select { $title }
admin-posts-done-published = { $count ->
    [one] 1 entry published.
   *[other] { $count } entries published.
}
admin-posts-done-drafted = { $count ->
    [one] 1 entry moved to draft.
   *[other] { $count } entries moved to draft.
}
admin-posts-done-deleted = { $count ->
    [one] 1 entry deleted.
   *[other] { $count } entries deleted.
}
admin-posts-done-failed = { $count } could not be changed: you may not change them, or they are not valid as they stand (open them to see why).

## Editor
admin-editor-new = { $kind ->
    [page] New page
   *[other] New post
}
admin-editor-edit = { $kind ->
    [page] Edit page
   *[other] Edit post
}
admin-editor-all = { $kind ->
    [page] All pages
   *[other] All posts
}
admin-editor-saved = Saved.
admin-editor-saved-scheduled = Saved; it will be published on { $date } ({ $zone }).
admin-editor-both = Both versions
admin-editor-theirs = Theirs (saved)
admin-editor-yours = Yours (kept in the form below)
admin-editor-not-saved = not saved
admin-editor-conflict = Someone else saved this entry after you opened it. Compare both versions; saving again replaces theirs with what is in the form.
admin-editor-forbidden = You may not edit this entry.
admin-editor-slug-help = Lowercase letters, digits and hyphens; empty: made from the title.
admin-editor-bad-status = choose one of the offered statuses
admin-editor-bad-date = `{ $text }` is not a date and time like 2026-11-28T09:30
admin-editor-no-such-time = { $text } does not exist in { $zone } (the clocks skip that hour)
admin-editor-bad-upload-id = `{ $id }` is not the id of an upload
admin-editor-source-markdown = Text (Markdown)
admin-editor-source-html = Text (HTML, imported)
admin-editor-preview-hint = Press “Preview” to see the text as it will be published.
admin-editor-status-draft = Draft
admin-editor-status-pending = Pending review
admin-editor-status-published = Published (future date: scheduled)
admin-editor-status-scheduled = Scheduled
admin-editor-status-private = Private
admin-editor-status-hint-scheduled = The date is in the future: the post will be scheduled and appear then.
admin-editor-toolbar = Formatting
admin-editor-tool-bold = Bold
admin-editor-tool-italic = Italic
admin-editor-tool-link = Link
admin-editor-tool-heading = Heading
admin-editor-tool-list = List
admin-editor-tool-quote = Quote
admin-editor-tool-image = Image
admin-editor-drop-help = Paste or drop an image into the text to upload it.
admin-editor-featured = Featured image
admin-editor-featured-none = No featured image
admin-editor-featured-help = Shown above the post, in link previews (OpenGraph) and in the feeds. Upload more in the media library.
admin-editor-alt-title = Describe the image
admin-editor-alt-label = Alt text for { $name }
admin-editor-alt-ok = Upload
admin-editor-alt-cancel = Cancel
admin-editor-publish-date = Publish date
admin-editor-publish-help = Time zone { $zone }. Empty: now, when published. A future date schedules the post.
admin-editor-discussion = Discussion
admin-editor-comments-open = Comments open
admin-editor-pings-open = Pings (trackbacks, pingbacks, Webmentions) open
admin-editor-sticky = Sticky on the home page
admin-editor-tags-help = Separated by commas.
admin-editor-new-categories = New categories
admin-editor-new-categories-help = Paths like “Reisen/Italien”, separated by commas.
admin-editor-trackbacks = Send TrackBacks to
admin-editor-trackbacks-help = One URL per line.
admin-editor-upload-title = Images and files
admin-editor-upload-choose = Choose a file
admin-editor-upload-insert = Upload and insert
admin-editor-upload-library = Open the media library
admin-editor-upload-nojs = to upload a file and copy its Markdown into the text.
admin-editor-delete = { $kind ->
    [page] Delete page
   *[other] Delete post
}
admin-editor-delete-confirm = { $kind ->
    [page] Delete this page with its comments and revisions?
   *[other] Delete this post with its comments and revisions?
}

## Revisions
admin-revisions-of = Revisions of
admin-revisions-back = Back to the editor
admin-revisions-from = From
admin-revisions-to = To
admin-revisions-saved = Saved
admin-revisions-by = By
admin-revisions-compare-from = Compare from revision { $id }
admin-revisions-compare-to = Compare to revision { $id }
admin-revisions-current = current
admin-revisions-restore = Restore this revision
admin-revisions-compare = Compare
admin-revisions-none = No revisions yet.
admin-revisions-diff-title = Changes from revision { $from } to { $to }
admin-revisions-same = The two revisions have the same title, excerpt and text.
admin-revisions-restored = Revision { $id } was restored and saved as the newest version.
admin-revisions-conflict = Someone saved this entry after you opened this page; nothing was restored. Look at the newest revision first.
admin-revisions-invalid = Cannot restore: { $message }
admin-revisions-forbidden = You may not see the revisions of this entry.

## Comments
admin-comments-forbidden = Only editors and administrators moderate comments.
admin-comments-tabs = Comments by status
admin-comment-tab-pending = Pending
admin-comment-tab-approved = Approved
admin-comment-tab-spam = Spam
admin-comment-tab-trash = Trash
admin-comment-status-pending = pending
admin-comment-status-approved = approved
admin-comment-status-spam = spam
admin-comment-status-trash = trash
admin-comment-kind-comment = comment
admin-comment-kind-trackback = Trackback
admin-comment-kind-pingback = Pingback
admin-comment-kind-webmention = Webmention
admin-comment-kind-fediverse = Fediverse
admin-comments-keys = Keyboard: j next, k previous, a approve, s spam, t trash, r reply — on the selected row.
admin-comments-select = Select the response by { $name }
admin-comments-deleted-post = (deleted)
admin-verb-approve = Approve
admin-verb-unapprove = Unapprove
admin-verb-spam = Spam
admin-verb-unspam = Not spam
admin-verb-trash = Trash
admin-verb-restore = Restore
admin-verb-delete = Delete for good
admin-comments-done-approve = { $count ->
    [one] 1 response approved.
   *[other] { $count } responses approved.
}
admin-comments-done-unapprove = { $count ->
    [one] 1 response sent back to the queue.
   *[other] { $count } responses sent back to the queue.
}
admin-comments-done-spam = { $count ->
    [one] 1 response marked as spam.
   *[other] { $count } responses marked as spam.
}
admin-comments-done-unspam = { $count ->
    [one] 1 response marked as not spam.
   *[other] { $count } responses marked as not spam.
}
admin-comments-done-trash = { $count ->
    [one] 1 response moved to the trash.
   *[other] { $count } responses moved to the trash.
}
admin-comments-done-restore = { $count ->
    [one] 1 response restored.
   *[other] { $count } responses restored.
}
admin-comments-done-delete = { $count ->
    [one] 1 response deleted for good.
   *[other] { $count } responses deleted for good.
}
admin-comments-done-edited = The response was changed.
admin-comments-done-replied = Your reply was published.
admin-comment-edit-title = Edit response
admin-comment-reply-title = Reply
admin-comment-on = on
admin-comment-text = Text
admin-comment-your-reply = Your reply
admin-comment-text-help = Plain text with paragraphs; links, *emphasis* and `code` as in comments.
admin-comment-reply-help = Published at once under your name.
admin-comment-approve-reply = Approve and reply
admin-comment-reply = Reply
admin-comment-text-invalid = The text { $message }.
admin-comment-reply-invalid = The reply: { $message }.
admin-comment-parent-invalid = This response: { $message }.

## Media
admin-media-forbidden = Your role may not upload or manage media.
admin-media-uploaded = The file was uploaded.
admin-media-deleted = The file was deleted.
admin-media-choose-file = Choose a file first.
admin-media-not-uploaded = Nothing was uploaded: { $error }
admin-media-file = File
admin-media-file-help = JPEG, PNG, WebP, GIF or PDF, at most { $max }. Images get smaller copies for phones.
admin-media-upload = Upload
admin-media-count = { $count ->
    [one] 1 file
   *[other] { $count } files
}
admin-media-delete-confirm = Delete { $name }? Posts that show it will show a missing image.
admin-media-none = No files yet.
admin-media-alt = Alt text (what the image shows)
admin-media-alt-help = Required for images: read to people who cannot see the image, and shown wherever it cannot load. Not the file name.
admin-media-alt-save = Save alt text
admin-media-alt-saved = The alt text was saved.
admin-media-alt-not-saved = The alt text was not saved: { $error }

## Tags and categories
admin-terms-forbidden = Only editors and administrators manage tags and categories.
admin-terms-saved = Saved.
admin-terms-merged = Merged.
admin-terms-help = Renaming changes the archive URL; the old one keeps working with a redirect. Merging moves every post to the other term.
admin-terms-rename = Rename
admin-terms-rename-move = Rename / move
admin-terms-merge-into = Merge into
admin-terms-merge = Merge
admin-terms-new-name = New name
admin-terms-parent = Parent
admin-terms-top-level = (top level)
admin-terms-none = None yet.
admin-terms-slug-taken = another term already has the slug `{ $slug }`; merge them instead
admin-terms-not-found = no such term
admin-terms-choose-merge = choose the term to merge into

## Users
admin-users-forbidden = Only administrators manage users.
admin-users-invited = Account { $login } created. Pass on this password (shown once):
admin-users-role-status = Role and status
admin-users-role = Role
admin-users-you = you
admin-users-disabled = disabled
admin-users-invite = Invite someone
admin-users-create = Create account
admin-users-bad-role = is not a role
admin-users-login-taken = `{ $login }` is already taken

## Profile
admin-profile-title = Profile of { $login }
admin-profile-about = About you
admin-profile-bio = Biography
admin-profile-language = Language of the admin
admin-profile-language-site = Language of the site
admin-profile-language-help = The admin speaks this language for you; dates stay in the site's time zone.
admin-profile-save = Save profile
admin-profile-saved = Profile saved.
admin-profile-password-changed = Password changed.
admin-profile-session-ended = Session ended.
admin-profile-token-revoked = Token revoked.
admin-profile-totp-is-on = Two-factor authentication is on.
admin-profile-totp-is-off = Two-factor authentication is off.
admin-totp-title = Two-factor authentication
admin-totp-on = On: logging in needs a code from your authenticator app.
admin-totp-off = Off. With it on, logging in also needs a code from an authenticator app.
admin-totp-current-code = Current code
admin-totp-code = Code
admin-totp-turn-off = Turn off
admin-totp-turn-on = Turn on
admin-totp-set-up = Set up
admin-totp-setup-text = Add this secret to your authenticator app (or open the link on your phone), then enter the code it shows.
admin-sessions-title = Sessions
admin-sessions-since = Since
admin-sessions-last-seen = Last seen
admin-sessions-address = Address
admin-sessions-browser = Browser
admin-sessions-this = this browser
admin-sessions-end = End
admin-sessions-logout-all = Log out everywhere
admin-tokens-title = API tokens and application passwords
admin-tokens-text-before = Application passwords sign desktop and mobile clients in over XML-RPC (made with
admin-tokens-text-after = ); revoke one here when a device is gone.
admin-tokens-new = New token (copy it now, it is not shown again):
admin-tokens-scope = Scope
admin-tokens-scope-read = read
admin-tokens-scope-write = write
admin-tokens-scope-app = application password
admin-tokens-created = Created
admin-tokens-last-used = Last used
admin-tokens-never = never
admin-tokens-revoke = Revoke
admin-tokens-none = No tokens.
admin-tokens-create = Create token
admin-tokens-bad-scope = must be read or write

## IndieAuth consent
admin-indieauth-title = Sign in a client
admin-indieauth-client-before = The app
admin-indieauth-client-after = asks to act for you on this blog.
admin-indieauth-asks = It asks to:
admin-indieauth-profile-only = It asks only to know who you are.
admin-indieauth-back-to = You will be sent back to
admin-indieauth-allow = Allow
admin-indieauth-deny = Deny
admin-indieauth-scope-create = create posts
admin-indieauth-scope-update = change posts
admin-indieauth-scope-delete = delete posts
admin-indieauth-scope-media = upload media
admin-indieauth-scope-draft = write drafts only
admin-indieauth-scope-profile = see your profile

## Scripts (admin.js)
admin-js-autosave-found = There is an unsaved version of this text from { $date }.
admin-js-autosave-restore = Restore it
admin-js-autosave-discard = Discard it
admin-js-uploading = Uploading { $name } …
admin-js-uploaded = { $name } was uploaded and inserted.
admin-js-not-uploaded = Not uploaded: { $error }
admin-js-upload-failed = upload failed ({ $status })
admin-js-alt-missing = Not uploaded: an image needs an alt text.
admin-js-link-url = Address of the link

## Settings
admin-settings-forbidden = Only administrators change the site settings.
admin-site-icon = Site icon
admin-site-icon-current = Current site icon
admin-site-icon-builtin = No icon of your own yet: browsers and phones show the built-in one.
admin-site-icon-choose = Picture for the icon
admin-site-icon-help = A square picture (PNG, JPEG, WebP or GIF) of at least { $min } × { $min } pixels; other shapes are cut to a centred square. It becomes /favicon.ico, the Apple touch icon and the feeds' image.
admin-site-icon-upload = Upload icon
admin-site-icon-remove = Remove your icon
admin-site-icon-saved = The site icon was saved.
admin-site-icon-removed = Your site icon was removed.
admin-site-icon-refused = The icon was not saved: { $reason }
admin-site-icon-choose-first = Please choose a picture first.
setting-site_icon-label = Site icon
setting-site_icon-help = Set by uploading a picture.
admin-settings-saved = Settings saved.
admin-settings-save = Save settings
admin-settings-sections = Sections
admin-settings-group-general = General
admin-settings-group-writing = Writing
admin-settings-group-reading = Reading
admin-settings-group-discussion = Discussion
admin-settings-group-media = Media
admin-settings-group-permalinks = Permalinks
admin-settings-media-note = Uploads may be up to { $max }; the limit and the storage are set in the configuration file (section [media]).
setting-title-label = Site title
setting-title-help = The name of the blog, in the header and in feeds.
setting-tagline-label = Tagline
setting-tagline-help = One line under the name.
setting-base_url-label = Site address (URL)
setting-base_url-help = The absolute URL the blog is reached at, without a trailing slash.
setting-language-label = Site language
setting-language-help = The language of the theme, feeds and mails, and of the admin for users who chose none.
setting-language-de = Deutsch
setting-language-en = English
setting-timezone-label = Time zone
setting-timezone-help = Dates on the site and in the admin are shown in this zone.
setting-default_comment_status-label = Comments on new posts
setting-default_comment_status-help = Whether new posts accept comments; each post can change it.
setting-default_comment_status-open = open
setting-default_comment_status-closed = closed
setting-default_ping_status-label = Pings on new posts
setting-default_ping_status-help = Whether new posts accept trackbacks and pingbacks; each post can change it.
setting-default_ping_status-open = open
setting-default_ping_status-closed = closed
setting-posts_per_page-label = Posts per page
setting-posts_per_page-help = Posts on each archive page, 1 to 100.
setting-feed_items-label = Items in feeds
setting-feed_items-help = Entries in each feed, 1 to 100.
setting-webmention_status-label = Webmentions
setting-webmention_status-help = Receive Webmentions and advertise the endpoint (Pingback and TrackBack stay on).
setting-webmention_status-open = open
setting-webmention_status-closed = closed
setting-fediverse_username-label = Fediverse name
setting-fediverse_username-help = The blog's name in the fediverse: @NAME@host (letters, digits, _; 1 to 30). Followers keep following after a change; the old name is no longer found.
setting-comment_moderation-label = Moderation
setting-comment_moderation-help = Which comments wait for a moderator before they appear.
setting-comment_moderation-all = Hold every comment
setting-comment_moderation-first = Hold comments of first-time commenters
setting-comment_moderation-none = Publish comments at once (other rules can still hold them)
setting-comment_max_links-label = Links before a comment is held
setting-comment_max_links-help = Comments with more links than this wait for moderation, 0 to 50.
setting-comment_spam_threshold-label = Spam threshold (percent)
setting-comment_spam_threshold-help = A comment with a spam score from this value on is marked as spam, 50 to 100.
setting-close_comments_days_old-label = Close comments after days
setting-close_comments_days_old-help = Comments and pings close on posts older than this many days; 0 keeps them open.
setting-comment_thread_depth-label = Reply depth
setting-comment_thread_depth-help = The deepest level of replies, 1 to 10.
setting-comments_per_page-label = Comments per page
setting-comments_per_page-help = Top-level comments on each comment page, each with its replies, 1 to 1000.
setting-default_comments_page-label = Comment page shown first
setting-default_comments_page-help = Which comment page the post itself shows; pages are numbered from the oldest either way.
setting-default_comments_page-newest = The newest comments
setting-default_comments_page-oldest = The oldest comments
setting-comment_min_seconds-label = Minimum seconds to fill in the form
setting-comment_min_seconds-help = Forms sent faster than this are refused as automated, 0 to 600.
setting-robots_txt-label = robots.txt rules
setting-robots_txt-help = One rule per line, e.g. “Disallow: /private/”. Empty: crawlers are kept out of /admin/ and the search only. The Sitemap line is always added.
setting-websub_hub-label = WebSub hub (external)
setting-websub_hub-help = Empty: the blog is its own WebSub hub at /websub, and feed readers get new posts at once. An address: the feeds name that hub, and it is pinged on every publication.
setting-blocklist_words-label = Blocked words
setting-blocklist_words-help = Comma-separated words that mark a comment as spam.
setting-blocklist_ips-label = Blocked addresses
setting-blocklist_ips-help = Comma-separated IP addresses or prefixes (e.g. 203.0.113.) whose comments are refused.
setting-blocklist_emails-label = Blocked email addresses
setting-blocklist_emails-help = Comma-separated email addresses whose comments are refused.
setting-blocklist_domains-label = Blocked domains
setting-blocklist_domains-help = Comma-separated domains refused in email addresses, websites and links.
setting-fediverse_blocked_actors-label = Blocked fediverse accounts
setting-fediverse_blocked_actors-help = Comma-separated accounts (@user@host or actor URL) whose activities are dropped; whole servers are blocked by the blocked domains.
setting-ip_retention_days-label = Keep commenters' addresses for days
setting-ip_retention_days-help = After this many days the (already shortened) addresses are erased, 1 to 3650.
setting-akismet_key-label = Akismet key
setting-akismet_key-help = API key of an Akismet-compatible spam service; empty keeps spam checks on this server.
setting-akismet_url-label = Akismet address
setting-akismet_url-help = The comment-check URL of that service.
setting-permalink-label = Post addresses
setting-permalink-help = The pattern of post URLs: %year% %monthnum% %day% %postname% %post_id% %category% %author%. Old addresses keep working with a redirect.
setting-permalink-day = Day and name
setting-permalink-month = Month and name
setting-permalink-numeric = Numeric
setting-permalink-name = Post name
setting-permalink-category = Category and name
setting-permalink-custom = Custom structure

## Mail
admin-mail-reset-subject = [{ $site }] Set a new password
admin-mail-reset-hello = Hello { $name },
admin-mail-reset-asked = someone (hopefully you) asked to set a new password for your account `{ $login }` at { $site }.
admin-mail-reset-open = Open this link within { $minutes } minutes to choose one:
admin-mail-reset-ignore = If it was not you, ignore this mail; your password stays as it is.

# Design: the navigation menu and the sidebar's widgets.
admin-nav-design = Design
admin-nav-menu = Menu
admin-nav-widgets = Widgets
admin-design-forbidden = Only administrators change the menu and the widgets.
admin-design-saved = Saved.
admin-design-up = Move up
admin-design-down = Move down
admin-design-remove = Remove
admin-design-add = Add
admin-design-error-entry = Entry { $n }: { $error }
admin-design-error-label = The label may have at most 100 characters and no control characters.
admin-design-error-title = The title may have at most 100 characters and no control characters.
admin-design-error-url = The address must start with http:// or https:// and have at most 2000 characters.
admin-design-error-target = This page or category does not exist (any more), or the page is not published.
admin-design-error-parent = An entry can only be nested under another top-level entry (one level).
admin-design-error-kind = beitrag does not know this kind.
admin-design-error-count = This number is out of the allowed range.
admin-design-error-links = Every link needs an http:// or https:// address; at most 50 links, labels up to 100 characters.
admin-design-error-items = A menu has at most 50 entries.
admin-design-error-widgets = The sidebar has at most 20 widgets.
admin-design-error-other = This input is not valid.
admin-menu-help = Without entries the navigation shows home, the pages and RSS. An entry can be nested under a top-level entry; its submenu opens on hover and with the keyboard.
admin-menu-none = No menu yet: the navigation shows home, the pages and RSS.
admin-menu-add = Add an entry
admin-menu-target = Target
admin-menu-url = Address (custom link)
admin-menu-label = Label
admin-menu-parent = Under
admin-menu-top-level = — top level —
admin-menu-kind-page = Page
admin-menu-kind-category = Category
admin-menu-kind-custom = Custom link
admin-widgets-help = The widgets appear in this order in the sidebar, on phones below the posts.
admin-widgets-none = No widgets: the sidebar stays empty.
admin-widgets-add = Add a widget
admin-widgets-kind = Kind
admin-widgets-title = Title
admin-widgets-default-title = The theme's default title
admin-widgets-count = Number ({ $min }–{ $max })
admin-widgets-links = Links, one per line: address, space, label
admin-widget-kind-search = Search
admin-widget-kind-recent-posts = Recent posts
admin-widget-kind-recent-comments = Recent comments
admin-widget-kind-categories = Categories
admin-widget-kind-tag-cloud = Tag cloud
admin-widget-kind-archives = Monthly archives
admin-widget-kind-pages = Pages
admin-widget-kind-links = Links (blogroll)
admin-widget-kind-subscribe = Subscribe (feeds)

admin-nav-followers = Fediverse followers
admin-followers-help = Whoever follows the blog as { $handle } in the fediverse gets new posts and approved comments. Removed followers get nothing more; to keep someone from following again, add them to the setting "Blocked fediverse accounts".
admin-followers-account = Account
admin-followers-since = Following since
admin-followers-actions = Actions
admin-followers-remove = Remove
admin-followers-removed = The follower was removed.
admin-followers-none = Nobody follows the blog in the fediverse yet.
