//! The texts of the core's messages, one `pub const` each, all listed in
//! [`ALL`]. Ids are `core-…`; the English wording is what the CLI and the
//! API show, and what `beitrag-web/locales/core.en.ftl` must say.

use super::Text;

// Words for any field.
/// A required value is empty.
pub const MISSING: Text = Text::new("core-missing", "is missing");
/// A required value is empty (form wording).
pub const REQUIRED: Text = Text::new("core-required", "is required");
/// A value holds control characters.
pub const CONTROL_CHARS: Text = Text::new("core-control-chars", "contains control characters");
/// A value is longer than `max` characters.
pub const LONGER_THAN: Text = Text::new("core-longer-than", "is longer than {max} characters");
/// A value must have 1 to `max` characters.
pub const LENGTH: Text = Text::new("core-length", "must be 1 to {max} characters");
/// A value may have at most `max` characters.
pub const AT_MOST: Text = Text::new("core-at-most", "must be at most {max} characters");
/// A value is not a number.
pub const NOT_A_NUMBER: Text = Text::new("core-not-a-number", "is not a number");
/// A value is not an http(s) URL.
pub const HTTP_URL: Text = Text::new("core-http-url", "must be an http(s) URL");
/// A value is not an http(s) address (menus, links).
pub const HTTP_ADDRESS: Text = Text::new(
    "core-http-address",
    "must be an http:// or https:// address",
);
/// A value is not a category.
pub const NOT_A_CATEGORY: Text = Text::new("core-not-a-category", "is not a category");

// Settings.
/// A key that is no setting.
pub const UNKNOWN_SETTING: Text = Text::new("core-unknown-setting", "unknown setting");
/// A number asked of a setting that holds none.
pub const NOT_A_NUMBER_SETTING: Text =
    Text::new("core-not-a-number-setting", "is not a number setting");
/// A number outside the setting's range.
pub const NUMBER_RANGE: Text =
    Text::new("core-number-range", "must be a number from {min} to {max}");
/// Neither open nor closed.
pub const OPEN_OR_CLOSED: Text = Text::new("core-open-or-closed", "must be open or closed");
/// Not one of the listed `choices`.
pub const ONE_OF: Text = Text::new("core-one-of", "must be one of {choices}");
/// Not empty and not one of the listed `choices`.
pub const EMPTY_OR_ONE_OF: Text =
    Text::new("core-empty-or-one-of", "must be empty or one of {choices}");
/// An unknown time zone.
pub const UNKNOWN_ZONE: Text = Text::new("core-unknown-zone", "unknown time zone `{zone}`");
/// A base URL that is not one.
pub const BASE_URL: Text = Text::new(
    "core-base-url",
    "must be an http(s) URL without trailing slash",
);
/// Not a moderation mode.
pub const MODERATION_MODE: Text = Text::new("core-moderation-mode", "must be all, first or none");
/// Not a comment page to show first.
pub const COMMENTS_PAGE: Text = Text::new("core-comments-page", "must be newest or oldest");
/// A site icon setting naming no stored icon.
pub const NOT_A_SITE_ICON: Text = Text::new("core-not-a-site-icon", "is not a stored site icon");
/// The site icon is set by uploading, not typed.
pub const SITE_ICON_UPLOAD: Text = Text::new(
    "core-site-icon-upload",
    "is changed by uploading a picture (Settings, General)",
);
/// A line longer than `max` characters.
pub const LINE_TOO_LONG: Text = Text::new(
    "core-line-too-long",
    "has a line longer than {max} characters",
);
/// More than `max` lines.
pub const TOO_MANY_LINES: Text = Text::new("core-too-many-lines", "has more than {max} lines");
/// An Akismet key of the wrong shape.
pub const API_KEY: Text = Text::new(
    "core-api-key",
    "must be empty or up to 64 letters and digits",
);
/// A permalink pattern that does not start with a slash.
pub const PERMALINK_SLASH: Text =
    Text::new("core-permalink-slash", "`{pattern}`: must start with /");
/// A permalink pattern that is not a plain path.
pub const PERMALINK_PLAIN: Text =
    Text::new("core-permalink-plain", "`{pattern}`: must be a plain path");
/// A permalink pattern with an unknown token.
pub const PERMALINK_TOKEN: Text = Text::new("core-permalink-token", "`{pattern}`: unknown token");
/// A permalink pattern that names no post.
pub const PERMALINK_NAME: Text = Text::new(
    "core-permalink-name",
    "`{pattern}`: needs %postname% or %post_id%",
);
/// A permalink pattern that cannot be matched.
pub const PERMALINK_MATCH: Text =
    Text::new("core-permalink-match", "`{pattern}`: cannot be matched");

// Posts.
/// No user of this login.
pub const UNKNOWN_AUTHOR: Text = Text::new("core-unknown-author", "unknown author `{login}`");
/// A post turned into a page or back.
pub const KIND_CHANGE: Text = Text::new("core-kind-change", "a post cannot become a page or back");
/// A body over the size limit.
pub const BODY_TOO_LARGE: Text = Text::new("core-body-too-large", "is larger than 2 MiB");
/// A slug with characters slugs do not have.
pub const SLUG_CHARS: Text = Text::new(
    "core-slug-chars",
    "`{slug}` may only hold lowercase letters, digits, - and _",
);
/// A slug another entry uses (the editor's wording of `Error::SlugTaken`).
pub const SLUG_TAKEN: Text = Text::new(
    "core-slug-taken",
    "`{slug}` is already used by another entry",
);
/// A scheduled post without a date.
pub const SCHEDULED_DATE: Text = Text::new("core-scheduled-date", "a scheduled post needs a date");
/// A term name that cannot be used.
pub const TERM_NAME_UNUSABLE: Text = Text::new(
    "core-term-name-unusable",
    "`{name}` cannot be used as a tag or category name",
);
/// A TrackBack URL that is not http(s).
pub const TRACKBACK_URL: Text = Text::new("core-trackback-url", "`{url}` is not an http(s) URL");
/// Too many TrackBack URLs.
pub const TRACKBACKS_MAX: Text = Text::new(
    "core-trackbacks-max",
    "at most {max} TrackBack URLs per post",
);
/// A featured image id naming no upload.
pub const NO_UPLOAD: Text = Text::new("core-no-upload", "there is no upload with id {id}");
/// A featured image that is no image.
pub const NOT_AN_IMAGE: Text =
    Text::new("core-not-an-image", "upload {id} ({mime}) is not an image");

// Comments and linkbacks.
/// A reply to a comment that does not exist.
pub const PARENT_MISSING: Text = Text::new(
    "core-parent-missing",
    "the comment replied to does not exist",
);
/// A reply nested deeper than the site allows.
pub const TOO_DEEP: Text = Text::new("core-too-deep", "replies cannot be nested this deep");
/// A staff reply's text of the wrong length.
pub const REPLY_TEXT: Text = Text::new(
    "core-reply-text",
    "must be 1 to {max} characters without control characters",
);
/// A reply to a response not approved.
pub const PARENT_NOT_APPROVED: Text = Text::new(
    "core-parent-not-approved",
    "only approved responses can be answered; approve it first",
);
/// A comment removed the way only linkbacks are.
pub const ONLY_LINKBACKS: Text =
    Text::new("core-only-linkbacks", "only linkbacks are removed this way");
/// An email address that is none.
pub const EMAIL_INVALID: Text = Text::new("core-email-invalid", "is not a valid email address");
/// Comments are closed.
pub const COMMENTS_CLOSED: Text =
    Text::new("core-comments-closed", "comments are closed on this post");
/// Pings are closed.
pub const PINGS_CLOSED: Text = Text::new("core-pings-closed", "pings are closed on this post");
/// The sender's address is blocked.
pub const ADDRESS_BLOCKED: Text = Text::new("core-address-blocked", "your address is blocked");
/// The sender's email address is blocked.
pub const EMAIL_BLOCKED: Text = Text::new("core-email-blocked", "this email address is blocked");

// Terms.
/// A term whose slug would be empty or reserved.
pub const TERM_NAME_RESERVED: Text = Text::new(
    "core-term-name-reserved",
    "`{name}` cannot be a tag or category name",
);
/// A slug other than the name's.
pub const SLUG_FOLLOWS_NAME: Text = Text::new(
    "core-slug-follows-name",
    "must be `{expected}`, the slug of the name: posts find their tags and categories by name, so the slug follows the name — change the name instead",
);
/// A term merged into itself.
pub const MERGE_SELF: Text = Text::new("core-merge-self", "a term cannot be merged into itself");
/// No term of this taxonomy (`tag` or `category`) and id.
pub const NO_TERM: Text = Text::new("core-no-term", "no {taxonomy} {id}");
/// A category merged into its own sub-category.
pub const MERGE_INTO_CHILD: Text = Text::new(
    "core-merge-into-child",
    "a category cannot be merged into one of its own sub-categories",
);
/// A name without letters or digits.
pub const NAME_NEEDS_LETTER: Text = Text::new(
    "core-name-needs-letter",
    "needs at least one letter or digit (it becomes the URL slug)",
);
/// A category name with a slash.
pub const CATEGORY_SLASH: Text = Text::new(
    "core-category-slash",
    "a category name cannot contain `/`, which separates categories in a path",
);
/// A tag given a parent.
pub const TAGS_NO_PARENT: Text = Text::new("core-tags-no-parent", "tags have no parent");
/// No category of this id.
pub const NO_CATEGORY: Text = Text::new("core-no-category", "no category {id}");
/// A category moved under itself.
pub const MOVE_UNDER_ITSELF: Text = Text::new(
    "core-move-under-itself",
    "a category cannot be moved under itself or one of its sub-categories",
);

// Users and sign-in.
/// A login of the wrong shape.
pub const LOGIN_CHARS: Text = Text::new(
    "core-login-chars",
    "use 1-60 lowercase letters, digits, . _ -",
);
/// An email address that is none.
pub const NOT_AN_EMAIL: Text = Text::new("core-not-an-email", "`{email}` is not an email address");
/// A password that is too short.
pub const PASSWORD_SHORT: Text = Text::new("core-password-short", "must be at least 8 characters");
/// The current password given wrong.
pub const PASSWORD_WRONG: Text = Text::new("core-password-wrong", "is not your current password");
/// An own role changed, or an own account disabled.
pub const OWN_ROLE: Text = Text::new(
    "core-own-role",
    "you cannot change your own role or disable yourself",
);
/// An imported login that cannot be one.
pub const NOT_A_LOGIN: Text = Text::new("core-not-a-login", "`{login}` cannot be a login");
/// An application password made as a token.
pub const APP_PASSWORD_SCOPE: Text = Text::new(
    "core-app-password-scope",
    "application passwords are made as such (`user app-password add`)",
);
/// A two-factor secret that is none.
pub const TOTP_SECRET: Text = Text::new("core-totp-secret", "is not a valid secret");
/// A two-factor code that does not match while setting it up.
pub const TOTP_MISMATCH: Text = Text::new(
    "core-totp-mismatch",
    "does not match; check the time on your device and try again",
);
/// A two-factor code that does not match.
pub const TOTP_CODE: Text = Text::new("core-totp-code", "the code does not match");
/// An IndieAuth response type other than `code`.
pub const MUST_BE_CODE: Text = Text::new("core-must-be-code", "must be `code`");
/// An IndieAuth redirect to another host.
pub const SAME_HOST: Text = Text::new("core-same-host", "must be on the same host as client_id");
/// An IndieAuth request without PKCE.
pub const PKCE: Text = Text::new("core-pkce", "a PKCE challenge with method S256 is required");
/// An IndieAuth code that no longer works.
pub const CODE_INVALID: Text =
    Text::new("core-code-invalid", "the code is invalid, used or expired");

// Permissions.
/// A role without the capability.
pub const ROLE_MAY_NOT: Text = Text::new("core-role-may-not", "the role `{role}` may not do this");
/// Only a signed-in user may do this.
pub const SIGNED_IN_ONLY: Text = Text::new(
    "core-signed-in-only",
    "this may only be done by a signed-in user",
);
/// A post the user may not edit.
pub const MAY_NOT_EDIT: Text = Text::new("core-may-not-edit", "you may not edit this post");
/// A post the user may not delete.
pub const MAY_NOT_DELETE: Text = Text::new("core-may-not-delete", "you may not delete this post");
/// Posts the user may not delete.
pub const MAY_NOT_DELETE_POSTS: Text =
    Text::new("core-may-not-delete-posts", "you may not delete posts");
/// A contributor publishing.
pub const CONTRIBUTOR_PUBLISH: Text = Text::new(
    "core-contributor-publish",
    "contributors may save drafts and submit them for review, not publish",
);
/// A disabled account.
pub const ACCOUNT_DISABLED: Text = Text::new("core-account-disabled", "the account is disabled");
/// Something only an import run may do.
pub const IMPORT_ONLY: Text = Text::new("core-import-only", "only an import run may do this");
/// Posts come from signed-in users.
pub const POSTS_BY_USERS: Text = Text::new(
    "core-posts-by-users",
    "posts are written by signed-in users",
);
/// Staff replies come from signed-in users.
pub const REPLIES_BY_USERS: Text = Text::new(
    "core-replies-by-users",
    "staff replies are written by a signed-in user",
);
/// Uploads come from signed-in users.
pub const UPLOADS_BY_USERS: Text = Text::new(
    "core-uploads-by-users",
    "uploads belong to a signed-in user",
);
/// Tokens are made by their owner.
pub const TOKENS_MADE_BY_OWNER: Text = Text::new(
    "core-tokens-made-by-owner",
    "tokens are made by their owner",
);
/// Tokens are revoked by their owner.
pub const TOKENS_REVOKED_BY_OWNER: Text = Text::new(
    "core-tokens-revoked-by-owner",
    "tokens are revoked by their owner",
);
/// Passwords belong to signed-in users.
pub const PASSWORD_BY_USERS: Text = Text::new(
    "core-password-by-users",
    "only a signed-in user has a password to change",
);
/// Two-factor authentication belongs to signed-in users.
pub const TOTP_BY_USERS: Text = Text::new(
    "core-totp-by-users",
    "only a signed-in user has two-factor authentication",
);
/// IndieAuth clients are approved by signed-in users.
pub const APPROVE_BY_USERS: Text =
    Text::new("core-approve-by-users", "a signed-in user approves clients");

// Jobs.
/// A job retried that did not fail.
pub const RETRY_ONLY: Text = Text::new(
    "core-retry-only",
    "only failed or cancelled jobs can be retried",
);
/// A job cancelled that is not queued.
pub const CANCEL_ONLY: Text = Text::new("core-cancel-only", "only queued jobs can be cancelled");
/// A job status that is none.
pub const JOB_STATUS: Text = Text::new(
    "core-job-status",
    "`{value}` is not one of queued, running, done, failed, cancelled",
);
/// A job payload that cannot be read.
pub const JOB_UNREADABLE: Text = Text::new(
    "core-job-unreadable",
    "cannot read a `{kind}` job: {reason}",
);
/// A job payload of another version.
pub const JOB_VERSION: Text = Text::new(
    "core-job-version",
    "payload version {found} is not {expected}",
);
/// A job payload of another kind.
pub const JOB_KIND: Text = Text::new("core-job-kind", "a `{found}` payload in a `{kind}` job");

// Media.
/// Alt text with control characters.
pub const ALT_CONTROL: Text = Text::new(
    "core-alt-control",
    "the alt text contains control characters or line breaks",
);
/// Alt text too long.
pub const ALT_TOO_LONG: Text = Text::new(
    "core-alt-too-long",
    "the alt text is longer than {max} characters",
);
/// Alt text missing.
pub const ALT_MISSING: Text = Text::new(
    "core-alt-missing",
    "describe the image (alt text) for readers who cannot see it",
);
/// Too many uploads of one name.
pub const NAME_UPLOADS: Text = Text::new(
    "core-name-uploads",
    "too many uploads of this name this month",
);
/// A file over the byte limit.
pub const FILE_TOO_LARGE: Text = Text::new(
    "core-file-too-large",
    "the file is larger than the limit of {limit} bytes",
);
/// An image over the pixel limit.
pub const TOO_MANY_PIXELS: Text = Text::new(
    "core-too-many-pixels",
    "the image is {width}×{height} pixels, more than the limit of {limit} pixels",
);
/// A type not accepted.
pub const TYPE_NOT_ACCEPTED: Text = Text::new(
    "core-type-not-accepted",
    "files of type {found} are not accepted",
);
/// A file sent as another type than it is.
pub const TYPE_MISMATCH: Text = Text::new(
    "core-type-mismatch",
    "the file was sent as {claimed} but its content is {found}",
);
/// An image too small for its use.
pub const IMAGE_TOO_SMALL: Text = Text::new(
    "core-image-too-small",
    "the image is {width}×{height} pixels; it needs at least {min}×{min}",
);
/// A damaged or empty file.
pub const FILE_DAMAGED: Text = Text::new(
    "core-file-damaged",
    "the file is damaged or incomplete: {reason}",
);
/// A media path we never make.
pub const MEDIA_PATH: Text = Text::new("core-media-path", "invalid media path {path}");
/// Storing failed.
pub const STORAGE_FAILED: Text = Text::new("core-storage-failed", "media storage failed");
/// Preparing an upload failed on our side.
pub const PREPARE_FAILED: Text = Text::new(
    "core-prepare-failed",
    "preparing the upload failed: {reason}",
);
/// An upload prepared by another process.
pub const PREPARED_ELSEWHERE: Text = Text::new(
    "core-prepared-elsewhere",
    "the upload was prepared elsewhere",
);
/// Preparing a site icon failed on our side.
pub const ICON_PREPARE_FAILED: Text = Text::new(
    "core-icon-prepare-failed",
    "preparing the icon failed: {reason}",
);

// Menus and widgets.
/// Not a kind of menu item.
pub const MENU_KIND: Text = Text::new("core-menu-kind", "is not a known kind of menu item");
/// Not a kind of widget.
pub const WIDGET_KIND: Text = Text::new("core-widget-kind", "is not a known kind of widget");
/// Too many menu items.
pub const MENU_MAX: Text = Text::new("core-menu-max", "at most {max} menu items");
/// A menu target that is no published page.
pub const NOT_A_PAGE: Text = Text::new("core-not-a-page", "is not a published page");
/// A menu item nested too deep.
pub const MENU_NEST: Text = Text::new(
    "core-menu-nest",
    "must be another top-level item (menus nest one level)",
);
/// Too many widgets.
pub const WIDGETS_MAX: Text = Text::new("core-widgets-max", "at most {max} widgets");
/// A count out of its range.
pub const BETWEEN: Text = Text::new("core-between", "must be between {min} and {max}");
/// A count the widget does not offer.
pub const NOT_AN_OPTION: Text = Text::new("core-not-an-option", "is not an option of this widget");
/// Links on a widget other than links.
pub const LINKS_ONLY: Text = Text::new("core-links-only", "only the links widget has links");
/// Too many links.
pub const LINKS_MAX: Text = Text::new("core-links-max", "at most {max} links");
/// A menu parent that is no item.
pub const NOT_AN_ITEM: Text = Text::new("core-not-an-item", "is not an item");
/// Too many menu items in a form.
pub const TOO_MANY_ITEMS: Text = Text::new("core-too-many-items", "too many items");
/// Too many widgets in a form.
pub const TOO_MANY_WIDGETS: Text = Text::new("core-too-many-widgets", "too many widgets");

// The fediverse.
/// The fediverse name is not 1 to 30 letters, digits or underscores.
pub const FEDIVERSE_USERNAME: Text = Text::new(
    "core-fediverse-username",
    "must be 1 to 30 letters, digits or underscores",
);
/// A follower without an inbox.
pub const FOLLOWER_NO_INBOX: Text =
    Text::new("core-follower-no-inbox", "the follower has no inbox");
/// An Undo without an object.
pub const UNDO_NOTHING: Text = Text::new("core-undo-nothing", "Undo names nothing");
/// An activity without the object it needs.
pub const NO_OBJECT: Text = Text::new("core-no-object", "the activity has no object");
/// A Like or Announce naming nothing.
pub const NAMES_NOTHING: Text = Text::new("core-names-nothing", "the activity names nothing");
/// An embedded object without an id.
pub const OBJECT_NO_ID: Text = Text::new("core-object-no-id", "the object has no id");
/// An embedded object from another server or author than the signer.
pub const NOT_SIGNERS_OBJECT: Text = Text::new(
    "core-not-signers-object",
    "the object is not the signer's own",
);
/// An edit or deletion of another author's reply.
pub const NOT_SIGNERS_REPLY: Text = Text::new(
    "core-not-signers-reply",
    "the reply is not the signer's own",
);
/// A blocked fediverse account or server.
pub const BLOCKED_ACCOUNT: Text = Text::new(
    "core-blocked-account",
    "this account or its server is blocked",
);

// Followers by every channel.
/// WebSub requests while an external hub is set.
pub const HUB_ELSEWHERE: Text = Text::new(
    "core-hub-elsewhere",
    "this blog's feeds use the hub at {hub}; subscribe there",
);
/// An unknown hub.mode.
pub const HUB_MODE: Text = Text::new("core-hub-mode", "must be subscribe or unsubscribe");
/// A hub.topic that is no feed of ours.
pub const HUB_TOPIC: Text = Text::new(
    "core-hub-topic",
    "is not a feed of this blog (use the URL in the feed's rel=\"self\" link)",
);
/// A hub.secret of 200 bytes or more.
pub const HUB_SECRET: Text = Text::new("core-hub-secret", "must be shorter than 200 bytes");
/// A hub.callback that is no http(s) URL.
pub const HUB_CALLBACK: Text = Text::new("core-hub-callback", "must be an http or https URL");
/// A hub.lease_seconds that is no number.
pub const HUB_LEASE: Text = Text::new("core-hub-lease", "must be a number of seconds");
/// A subscriber address that is no email address.
pub const NOT_AN_EMAIL_ADDRESS: Text =
    Text::new("core-not-an-email-address", "is not an email address");
/// Subscribing by email without mail configured.
pub const SUBSCRIPTIONS_OFF: Text = Text::new(
    "core-subscriptions-off",
    "email subscriptions are not available on this blog",
);
/// A confirmation link that is forged, altered or expired.
pub const LINK_INVALID: Text = Text::new("core-link-invalid", "the link is invalid or has expired");
/// A URL setting that may be empty.
pub const EMPTY_OR_URL: Text = Text::new("core-empty-or-url", "must be empty or an http(s) URL");

/// Every text above, for the catalogs' tests.
pub static ALL: &[Text] = &[
    MISSING,
    REQUIRED,
    CONTROL_CHARS,
    LONGER_THAN,
    LENGTH,
    AT_MOST,
    NOT_A_NUMBER,
    HTTP_URL,
    HTTP_ADDRESS,
    NOT_A_CATEGORY,
    UNKNOWN_SETTING,
    NOT_A_NUMBER_SETTING,
    NUMBER_RANGE,
    OPEN_OR_CLOSED,
    ONE_OF,
    EMPTY_OR_ONE_OF,
    UNKNOWN_ZONE,
    BASE_URL,
    MODERATION_MODE,
    COMMENTS_PAGE,
    NOT_A_SITE_ICON,
    SITE_ICON_UPLOAD,
    LINE_TOO_LONG,
    TOO_MANY_LINES,
    API_KEY,
    PERMALINK_SLASH,
    PERMALINK_PLAIN,
    PERMALINK_TOKEN,
    PERMALINK_NAME,
    PERMALINK_MATCH,
    UNKNOWN_AUTHOR,
    KIND_CHANGE,
    BODY_TOO_LARGE,
    SLUG_CHARS,
    SLUG_TAKEN,
    SCHEDULED_DATE,
    TERM_NAME_UNUSABLE,
    TRACKBACK_URL,
    TRACKBACKS_MAX,
    NO_UPLOAD,
    NOT_AN_IMAGE,
    PARENT_MISSING,
    TOO_DEEP,
    REPLY_TEXT,
    PARENT_NOT_APPROVED,
    ONLY_LINKBACKS,
    EMAIL_INVALID,
    COMMENTS_CLOSED,
    PINGS_CLOSED,
    ADDRESS_BLOCKED,
    EMAIL_BLOCKED,
    TERM_NAME_RESERVED,
    SLUG_FOLLOWS_NAME,
    MERGE_SELF,
    NO_TERM,
    MERGE_INTO_CHILD,
    NAME_NEEDS_LETTER,
    CATEGORY_SLASH,
    TAGS_NO_PARENT,
    NO_CATEGORY,
    MOVE_UNDER_ITSELF,
    LOGIN_CHARS,
    NOT_AN_EMAIL,
    PASSWORD_SHORT,
    PASSWORD_WRONG,
    OWN_ROLE,
    NOT_A_LOGIN,
    APP_PASSWORD_SCOPE,
    TOTP_SECRET,
    TOTP_MISMATCH,
    TOTP_CODE,
    MUST_BE_CODE,
    SAME_HOST,
    PKCE,
    CODE_INVALID,
    ROLE_MAY_NOT,
    SIGNED_IN_ONLY,
    MAY_NOT_EDIT,
    MAY_NOT_DELETE,
    MAY_NOT_DELETE_POSTS,
    CONTRIBUTOR_PUBLISH,
    ACCOUNT_DISABLED,
    IMPORT_ONLY,
    POSTS_BY_USERS,
    REPLIES_BY_USERS,
    UPLOADS_BY_USERS,
    TOKENS_MADE_BY_OWNER,
    TOKENS_REVOKED_BY_OWNER,
    PASSWORD_BY_USERS,
    TOTP_BY_USERS,
    APPROVE_BY_USERS,
    RETRY_ONLY,
    CANCEL_ONLY,
    JOB_STATUS,
    JOB_UNREADABLE,
    JOB_VERSION,
    JOB_KIND,
    ALT_CONTROL,
    ALT_TOO_LONG,
    ALT_MISSING,
    NAME_UPLOADS,
    FILE_TOO_LARGE,
    TOO_MANY_PIXELS,
    TYPE_NOT_ACCEPTED,
    TYPE_MISMATCH,
    IMAGE_TOO_SMALL,
    FILE_DAMAGED,
    MEDIA_PATH,
    STORAGE_FAILED,
    PREPARE_FAILED,
    PREPARED_ELSEWHERE,
    ICON_PREPARE_FAILED,
    MENU_KIND,
    WIDGET_KIND,
    MENU_MAX,
    NOT_A_PAGE,
    MENU_NEST,
    WIDGETS_MAX,
    BETWEEN,
    NOT_AN_OPTION,
    LINKS_ONLY,
    LINKS_MAX,
    NOT_AN_ITEM,
    TOO_MANY_ITEMS,
    TOO_MANY_WIDGETS,
    FEDIVERSE_USERNAME,
    FOLLOWER_NO_INBOX,
    UNDO_NOTHING,
    NO_OBJECT,
    NAMES_NOTHING,
    OBJECT_NO_ID,
    NOT_SIGNERS_OBJECT,
    NOT_SIGNERS_REPLY,
    BLOCKED_ACCOUNT,
    HUB_ELSEWHERE,
    HUB_MODE,
    HUB_TOPIC,
    HUB_SECRET,
    HUB_CALLBACK,
    HUB_LEASE,
    NOT_AN_EMAIL_ADDRESS,
    SUBSCRIPTIONS_OFF,
    LINK_INVALID,
    EMPTY_OR_URL,
];
