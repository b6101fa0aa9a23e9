package tokens

import (
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/normalize"
)

// Reproducer decodes the token of an event and, with keys, verifies it again under
// MediaWiki's profile at the event's time. A nil *Reproducer only decodes. It holds no
// mutable state and is safe for concurrent use.
type Reproducer struct {
	keys    []*jwtcore.Key
	names   map[*jwtcore.Key]string // Key.Name, computed once (it hashes the public key)
	issuer  string
	version mediawiki.Version // for lines without a readable mwversion, or all (force)
	force   bool
}

// Option configures a Reproducer.
type Option func(*Reproducer)

// WithIssuer sets the expected iss ($wgJwtSessionCookieIssuer, e.g.
// https://meta.wikimedia.org) for lines that do not log expected_issuer.
func WithIssuer(iss string) Option { return func(r *Reproducer) { r.issuer = iss } }

// WithVersion picks the MediaWiki release (1.46+ by default, or 1.45: the session code,
// the codec and the lcobucci/jwt version, 5.x or 4.1.5, whose messages and checks are
// reproduced) for the events whose line names none: each event is otherwise verified
// with the chain of its own line's mwversion, since during the weekly train groups of
// wikis run different releases.
func WithVersion(v mediawiki.Version) Option {
	return func(r *Reproducer) { r.version = v }
}

// ForceVersion verifies every event with the WithVersion release, whatever its line's
// mwversion says.
func ForceVersion() Option { return func(r *Reproducer) { r.force = true } }

// The sources of the release an event is verified with ([Reproduction].MWFrom).
const (
	MWFromLine     = "mwversion" // the line's own mwversion
	MWFromFallback = "fallback"  // the line names none (or none MediaWiki had JWTs in)
	MWFromForced   = "forced"    // ForceVersion
)

// versionOf is the release whose chain verifies the event's token, and where it came from.
func (r *Reproducer) versionOf(ev *normalize.Event) (mediawiki.Version, string) {
	if r.force {
		return r.version, MWFromForced
	}
	if ev.MWVersion != "" {
		if v, ok := mediawiki.ParseVersion(ev.MWVersion); ok {
			return v, MWFromLine
		}
	}
	return r.version, MWFromFallback
}

// NewReproducer returns a Reproducer that verifies with keys: RSA public keys (see
// LoadKeys), the one in service first.
func NewReproducer(keys []*jwtcore.Key, opts ...Option) (*Reproducer, error) {
	r := &Reproducer{keys: append([]*jwtcore.Key(nil), keys...)}
	for _, o := range opts {
		o(r)
	}
	if err := checkKeys(r.keys, r.version); err != nil {
		return nil, err
	}
	r.names = make(map[*jwtcore.Key]string, len(r.keys))
	for _, k := range r.keys {
		r.names[k] = k.Name()
	}
	return r, nil
}

// Inspect returns the finding of the event's token, nil when it carries none. With
// keys and an event time, the finding is reproduced.
func (r *Reproducer) Inspect(ev *normalize.Event) *Finding {
	if ev.Token == "" {
		return nil
	}
	f := Decode(ev.Token)
	if r != nil && !ev.Time.IsZero() {
		f.Reproduced = r.reproduce(ev, f)
	}
	return f
}

// reproduce runs MediaWiki's chain on the event's token with the key whose signature
// matches it (else the first key in kid order), at the event's time.
func (r *Reproducer) reproduce(ev *normalize.Event, f *Finding) *Reproduction {
	session, subjectChecked, issuerChecked := r.sessionOf(ev, f)
	var from string
	session.Version, from = r.versionOf(ev)
	rep := &Reproduction{SubjectChecked: subjectChecked, IssuerChecked: issuerChecked,
		MW: session.Version.String(), MWFrom: from}
	key := r.keys[0]
	if tok, err := jwtcore.NewParser(jwtcore.WithDialect(session.Dialect())).Parse(ev.Token); err == nil {
		kid, _ := tok.Header.String("kid")
		ordered := jwtcore.SelectKeys(r.keys, kid)
		key = ordered[0]
		if k := matchingKey(tok, ordered, session.Dialect()); k != nil {
			key, rep.Key = k, r.names[k]
		}
	}
	res := mediawiki.Verify(ev.Token, []*jwtcore.Key{key}, session, ev.Time)
	switch {
	case res.Log != nil:
		rep.Kind, rep.Reason, rep.Message = string(res.Kind), res.Reason, res.Log.Message
	case !res.Valid:
		// Not caught by MediaWiki (a PHP TypeError): the request fails, nothing is logged.
		kind, reason := jwtcore.KindOf(res.Err)
		rep.Kind, rep.Reason = string(kind), reason
		rep.Message = res.Err.Error()
	}
	return rep
}

// matchingKey is the first key whose RS256 signature matches the token, nil if none.
func matchingKey(tok *jwtcore.Token, keys []*jwtcore.Key, d jwtcore.Dialect) *jwtcore.Key {
	signer, err := jwtcore.NewSigner("RS256", d)
	if err != nil {
		return nil
	}
	for _, k := range keys {
		if jwtcore.SignedWith(signer, k).Check(tok) == nil {
			return k
		}
	}
	return nil
}
