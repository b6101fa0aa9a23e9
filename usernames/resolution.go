package usernames

import "fmt"

// Status says what is known about a subject's name.
type Status int

const (
	// NotApplicable: the subject names no CentralAuth account (anon, local:<wiki>:<id>,
	// another provider's subject, or an empty string); there is nothing to resolve.
	NotApplicable Status = iota
	// Resolved: Name holds the username.
	Resolved
	// Missing: the API answered "missing": the account is hidden (suppressed) from
	// viewers without centralauth-suppress, or otherwise not shown.
	Missing
	// Invalid: no global account has this id. CentralAuth answers invaliduserid for an
	// id that is not in its globaluser table; an id that is not a positive integer is
	// Invalid without asking.
	Invalid
	// Unresolved: the name could not be learned in this run (API error, request bound
	// reached, no source configured); Resolution.Err says why.
	Unresolved
)

var statusNames = [...]string{
	NotApplicable: "n/a",
	Resolved:      "resolved",
	Missing:       "missing",
	Invalid:       "invalid",
	Unresolved:    "unresolved",
}

// String is the status's lower-case word, as used in the cache file and reports.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText makes a Status read as its word in JSON ("missing", not 2).
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Source says where a Resolution came from.
type Source int

const (
	// FromNowhere: no source answered (NotApplicable and Unresolved results).
	FromNowhere Source = iota
	// FromSubject: the subject was already a plain username.
	FromSubject
	// FromMap: the --users file.
	FromMap
	// FromCache: the cache file, within its TTL.
	FromCache
	// FromAPI: a request made in this run.
	FromAPI
)

var sourceNames = [...]string{
	FromNowhere: "none",
	FromSubject: "subject",
	FromMap:     "users-map",
	FromCache:   "cache",
	FromAPI:     "api",
}

// String is the source's name, as a report or a debug line shows it.
func (s Source) String() string {
	if s >= 0 && int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// Resolution is what is known about one subject.
type Resolution struct {
	Name   string // the username; "" unless Status is Resolved
	Status Status
	Source Source
	// Err says why a subject is Unresolved (the API's error code and info, the HTTP
	// status, the network error, or the request bound); "" otherwise.
	Err string
}

// Label is the text a report shows in a user's name column: the username when
// resolved, a parenthesised status otherwise ("(missing)", "(invalid id)",
// "(unresolved)"), and "" for subjects that name no CentralAuth account. The
// subject itself is always shown beside it, so the events stay attributed.
func (r Resolution) Label() string {
	switch r.Status {
	case Resolved:
		return r.Name
	case Missing:
		return "(missing)"
	case Invalid:
		return "(invalid id)"
	case Unresolved:
		return "(unresolved)"
	}
	return ""
}

// Stats counts what one Resolve call did, per distinct CentralAuth id (a subject
// given twice, or two spellings of one id, count once; a subject whose id is not a
// number counts as one id). IDs = Resolved + Missing + Invalid + Unresolved.
type Stats struct {
	IDs        int // distinct CentralAuth ids asked about
	Resolved   int // ids resolved to a name, from any source
	Missing    int // ids the API says are unknown or hidden
	Invalid    int // ids that are not valid user ids
	Unresolved int // ids whose name stays unknown; Failed, Skipped and NoSource say why

	FromMap   int // answered by the users map
	CacheHits int // answered by the cache within its TTL
	Requests  int // HTTP requests made, retries included
	Failed    int // ids asked of the API in this call that stayed unresolved (errors)
	Skipped   int // ids never asked: request bound reached, API given up, or cancelled
	NoSource  int // ids neither the map nor the cache knew, with no API configured
	// Stopped says why the API stopped being asked in this call, "" when it was
	// not; the same sentence goes to the warning logger.
	Stopped string
}
