package aggregate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// TestRepeatedStringsCountAsCopies: events whose fields are the very strings of the
// previous event's (counted again without hashing, see kindTally.counted) give the
// report that copies of those strings give, in runs and alternations of messages,
// wikis, agents, users, verdicts and rules, exact or past a small budget, built
// midway or not.
func TestRepeatedStringsCountAsCopies(t *testing.T) {
	pool := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint(prefix, i)
		}
		return out
	}
	messages, wikis, users := pool("message ", 3), pool("wiki", 4), pool("User:", 5000)
	agents, families := pool("Agent/", 6), pool("Family", 3)
	reasons, rules := pool("reason ", 3), append(pool("rule ", 2), "")
	for _, memory := range []int64{1 << 20, 1} {
		for seed := range uint64(10) {
			t.Run(fmt.Sprint(memory, "/", seed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, 7))
				shared, copied := New(Options{Memory: memory}), New(Options{Memory: memory})
				var r classify.Result
				pick := func(s []string, old string) string {
					if old != "" && rng.IntN(4) > 0 { // runs of one value
						return old
					}
					return s[rng.IntN(len(s))]
				}
				for i := range 20000 {
					if i == 10000 {
						shared.Build(fixture.Now) // building leaves the counters as they were
					}
					ev := &r.Event
					ev.Kind = normalize.Kinds[rng.IntN(2)]
					ev.Count, ev.Weight = 1+rng.Int64N(2), 1
					ev.Message, ev.Wiki = pick(messages, ev.Message), pick(wikis, ev.Wiki)
					ev.UserAgent, ev.Subject.Raw = pick(agents, ev.UserAgent), pick(users, ev.Subject.Raw)
					r.Agent = classify.Agent{Family: pick(families, r.Agent.Family), Bot: rng.IntN(2) == 0, Recognized: rng.IntN(3) > 0}
					r.Verdict = classify.Verdict{Benign: rng.IntN(2) == 0, Reason: pick(reasons, r.Verdict.Reason), Rule: rules[rng.IntN(len(rules))]}
					shared.Event(&r)
					c := r
					c.Event.Message, c.Event.Wiki = strings.Clone(ev.Message), strings.Clone(ev.Wiki)
					c.Event.UserAgent, c.Event.Subject.Raw = strings.Clone(ev.UserAgent), strings.Clone(ev.Subject.Raw)
					c.Agent.Family = strings.Clone(r.Agent.Family)
					c.Verdict.Reason, c.Verdict.Rule = strings.Clone(r.Verdict.Reason), strings.Clone(r.Verdict.Rule)
					copied.Event(&c)
				}
				built := shared.Build(fixture.Now)
				if approximate := built.Kinds[0].Approximate || built.Kinds[1].Approximate; approximate != (memory == 1) {
					t.Fatalf("memory %d: approximate %v", memory, approximate)
				}
				a, _ := json.Marshal(built)
				b, _ := json.Marshal(copied.Build(fixture.Now))
				if string(a) != string(b) {
					t.Fatalf("shared strings:\n%s\ncopies:\n%s", a, b)
				}
			})
		}
	}
}
