# English interface strings of the default theme.
skip-to-content = Skip to content
nav-label = Main navigation
nav-home = Home
footer-powered = Powered by beitrag
author-of-article = Author of this article: { $name }
comment-state-off = Off
comment-state-count = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
subscribe-text = Enjoyed this article? Subscribe to the blog via
subscribe-link = RSS feed
about-author = About the author: { $name }
author-archive-link = All posts by { $name }
no-bio = { $name } has not written a biography yet.
tags = Tags
categories = Categories
comments-heading = Comments ({ $count })
trackbacks-heading = Trackbacks ({ $count })
no-comments = No comments yet.
no-trackbacks = No trackbacks yet.
comments-closed = Comments are currently closed here.
pings-closed = Trackbacks and pingbacks are closed for this article.
comment-wrote = wrote on
trackback-from = { $kind ->
    [pingback] Pingback
    [webmention] Webmention
   *[other] Trackback
} from { $blog }
fediverse-reactions = In the fediverse: { $likes ->
    [one] 1 like
   *[other] { $likes } likes
}, { $boosts ->
    [one] 1 boost
   *[other] { $boosts } boosts
}
trackback-url = Trackback URL for this article:
previous-post = Previous post
next-post = Next post
post-navigation = Post navigation
comment-navigation = Comment navigation
older-comments = Older comments
newer-comments = Newer comments
comment-page-title = Comment page { $n }
published-on = Published on
updated-on = Updated on
read-more = Read more
sticky = Featured
older-posts = Older posts
newer-posts = Newer posts
pagination = Pagination
page-n = Page { $n }
archive-tag = Posts tagged “{ $name }”
archive-category = Posts in the category “{ $name }”
archive-author = Posts by { $name }
archive-date = Archive for { $date }
archive-empty = There are no posts here yet.
not-found-title = Page not found
not-found-text = There is nothing at this address. Perhaps one of these is what you were looking for:
recent-posts = Recent posts
feed-posts = { $site } » Feed
feed-comments = { $site } » Comments Feed
feed-post-comments = { $site } » { $title } Comments Feed
feed-archive = { $site } » { $name } Feed
comments-on = Comment on { $title } by { $name }
respond-heading = Leave a comment
reply-heading = Reply to { $name }
reply-link = Reply
cancel-reply = Cancel reply
form-name = Name
form-email = Email (never published)
form-url = Website (optional)
form-text = Comment
form-submit = Post comment
form-honeypot = Please leave this field empty
form-hint = Plain text; links are detected automatically, *italic* and **bold** work.
form-error-summary = Please check the marked fields.
form-error-name = Please enter your name (at most 100 characters).
form-error-email = Please enter a valid email address.
form-error-url = The website must start with http:// or https://.
form-error-text = Please write a comment (at most 10,000 characters, no control characters).
form-error-parent = The comment you are replying to is not available.
form-error-token = The form has expired. Please send it again.
form-error-too-fast = That was too fast. Please send the form again.
form-error-duplicate = You have already sent this comment.
awaiting-moderation = Your comment is awaiting moderation.
closed-title = Comments closed
blocked-title = Not accepted
blocked-text = This comment was not accepted.
too-many-title = Too many comments
too-many-text = You have sent too many comments in a short time. Please try again in { $seconds } seconds.
back-to-post = Back to the post
form-notify = Notify me of replies by email
mail-comment-subject = [{ $site }] New comment on “{ $title }”
mail-comment-intro = { $name } commented on “{ $title }”:
mail-comment-pending = The comment is awaiting moderation. Approve it with: beitrag comments approve { $id }
mail-reply-subject = [{ $site }] Reply to your comment on “{ $title }”
mail-reply-intro = { $name } replied to your comment:
mail-unsubscribe = Stop notifications for this comment: { $url }
unsubscribed-title = Unsubscribed
unsubscribed-text = You will no longer be notified about this comment.
search-label = Search
search-submit = Search
search-title = Search
search-heading = Search results for “{ $q }”
search-count = { $count ->
    [0] No results.
    [one] One result.
   *[other] { $count } results.
}
search-none = No post matches this search. Try other or fewer words.
search-too-long = The search is too long: at most { $max } characters.
search-too-many = The search has too many words: at most { $max }.
search-previous = Better matches
search-next = More results
search-count-many = More than { $count } results; these are the newest { $count } by relevance. More words narrow the search.
comment-state-label = { $count ->
    [0] No comments on “{ $title }”
    [one] One comment on “{ $title }”
   *[other] { $count } comments on “{ $title }”
}
comment-state-off-label = Comments closed
sidebar-label = Sidebar
widget-search = Search
widget-recent-posts = Recent Posts
widget-recent-comments = Recent Comments
widget-categories = Categories
widget-tag-cloud = Tags
widget-archives = Archives
widget-pages = Pages
widget-links = Links
widget-subscribe = Subscribe
widget-comment-on = { $author } on { $post }
widget-posts = { $count ->
    [one] { $count } post
   *[other] { $count } posts
}
widget-empty = Nothing here yet.
subscribe-email-text = Why not subscribe to this blog by email: new posts arrive in your inbox.
subscribe-email-label = Email address
subscribe-email-submit = Subscribe
subscribe-sent-title = Almost done
subscribe-sent-text = We have sent an email to this address unless it is confirmed already. Please follow the link in it to confirm the subscription.
subscribe-confirmed-title = Subscription confirmed
subscribe-confirmed-text = Thank you! New posts will now arrive by email. Every email has a link to unsubscribe.
subscriber-unsubscribe-title = End the subscription
subscriber-unsubscribe-text = Do you no longer want new posts by email?
subscriber-unsubscribe-button = Unsubscribe
subscriber-unsubscribed-text = You are unsubscribed and will get no more posts by email.
mail-subscribe-subject = [{ $site }] Please confirm your subscription
mail-subscribe-intro = You (or someone with your address) asked for new posts of “{ $site }” by email. Please confirm with this link, which works for { $days } days:
mail-subscribe-ignore = Was it not you? Then simply ignore this email; without confirmation you get nothing.
mail-post-subject = [{ $site }] { $title }
mail-post-intro = New on “{ $site }”:
mail-post-read = Read on: { $url }
mail-post-unsubscribe = No more posts by email: { $url }
subscribe-failed-title = That did not work
subscribe-invalid-email = Please give a valid email address (at most 254 characters).
subscribe-unavailable = This blog does not offer subscriptions by email.
subscribe-link-invalid = This link is invalid or has expired. You can simply subscribe again.
