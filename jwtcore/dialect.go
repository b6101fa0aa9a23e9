package jwtcore

// Dialect selects which lcobucci/jwt major version to imitate.
type Dialect int

const (
	// Lcobucci5 is lcobucci/jwt 5.x (MediaWiki 1.46 and later): the default.
	Lcobucci5 Dialect = iota
	// Lcobucci4 is lcobucci/jwt 4.1.5 (MediaWiki 1.45).
	Lcobucci4
)

// String returns the name used on the command line (lcobucci5, lcobucci4).
func (d Dialect) String() string {
	if d == Lcobucci4 {
		return "lcobucci4"
	}
	return "lcobucci5"
}

// ParseDialect reads "lcobucci5"/"5" or "lcobucci4"/"4".
func ParseDialect(s string) (Dialect, bool) {
	switch s {
	case "lcobucci5", "5", "":
		return Lcobucci5, true
	case "lcobucci4", "4":
		return Lcobucci4, true
	}
	return Lcobucci5, false
}
