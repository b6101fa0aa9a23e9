package normalize

// Subject is a parsed JWT subject (`mw:CentralAuth::123`, `mw:anon`,
// `mw:local:<wiki>:<id>`) or an expected user logged by name.
type Subject struct {
	// Raw is the canonical display form without the `mw:` schema:
	// "CentralAuth::123", "local:enwiki:5", "anon", or a plain username.
	Raw      string
	Anon     bool
	Provider string // "CentralAuth", "local"; "" for anon and plain names
	Instance string // the part between provider and id ("" for CentralAuth, a wiki id for local)
	ID       int64  // the central id; 0 when none
	Name     string // a plain username, when the log gave one instead of an id
}

// IsZero reports whether no subject was found.
func (s Subject) IsZero() bool { return s.Raw == "" }
