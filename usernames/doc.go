// Package usernames turns JWT subjects of the form `CentralAuth::<id>` into the
// global usernames they stand for, so a report can say which accounts are hit.
//
// Names come from three places, in this order of precedence: a users map file the
// operator supplies (--users), a cache file shared by runs (--cache), and the
// CentralAuth Action API (meta=globaluserinfo, --resolve-api). The API is asked the
// way Wikimedia's API policy wants: a descriptive User-Agent with a contact, one
// request at a time, each id at most once per run, backoff on 429/5xx honouring
// Retry-After, and a bound on the total number of requests.
//
// Nothing is ever dropped: a subject whose name is unknown, hidden or could not be
// fetched still comes back, with a Status that says why, so its events keep being
// counted under the subject.
package usernames
