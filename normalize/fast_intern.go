package normalize

// fastInterner hands out one string (and one boxed `any` of it) per distinct value it
// has seen recently, so that values repeated from line to line (channels, wikis, hosts,
// user agents, messages) cost a map lookup instead of an allocation. It is bounded:
// when full it starts over, so memory stays flat whatever the input.
type fastInterner struct {
	strs map[string]fastInterned
}

type fastInterned struct {
	s   string
	box any // s as an interface value, made on first use
}

const (
	// fastInternMax bounds the cached values of one decoder.
	fastInternMax = 4096
	// fastInternMaxLen keeps long, mostly unique values (long messages) out.
	fastInternMaxLen = 512
)

func (c *fastInterner) init() { c.strs = make(map[string]fastInterned, 256) }

// get returns b as a string, the cached one when b was seen recently.
func (c *fastInterner) get(b []byte) string {
	if len(b) > fastInternMaxLen {
		return string(b)
	}
	if e, ok := c.strs[string(b)]; ok {
		return e.s
	}
	s := string(b)
	c.put(fastInterned{s: s})
	return s
}

// boxed returns b as an `any` holding a string, cached like get.
func (c *fastInterner) boxed(b []byte) any {
	if len(b) > fastInternMaxLen {
		return string(b)
	}
	e, ok := c.strs[string(b)]
	if !ok {
		e.s = string(b)
	}
	if e.box == nil {
		e.box = e.s
		c.put(e)
	}
	return e.box
}

func (c *fastInterner) put(e fastInterned) {
	if _, ok := c.strs[e.s]; !ok && len(c.strs) >= fastInternMax {
		clear(c.strs)
	}
	c.strs[e.s] = e
}
