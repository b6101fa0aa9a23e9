package mwlog_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wikimedia/jwtriage/mwlog"
)

// TestReservedKeys: IsReserved agrees with ReservedKeys, which hands out a copy.
func TestReservedKeys(t *testing.T) {
	keys := mwlog.ReservedKeys()
	for _, k := range keys {
		if !mwlog.IsReserved(k) {
			t.Errorf("IsReserved(%q) = false", k)
		}
	}
	for _, k := range []string{"", "subject", "expected_subject", "c_message", "Message", "labels.channel"} {
		if mwlog.IsReserved(k) {
			t.Errorf("IsReserved(%q) = true", k)
		}
	}
	keys[0] = "changed"
	if slices.Contains(mwlog.ReservedKeys(), "changed") {
		t.Error("ReservedKeys shares its slice")
	}
}

// TestContextKeyOf: which context key a field of each layout holds.
func TestContextKeyOf(t *testing.T) {
	for _, c := range []struct {
		field string
		ecs   bool
		key   string
		ok    bool
	}{
		{"labels.subject", true, "subject", true},
		{"message", true, "message", false},
		{"subject", false, "subject", true},
		{"c_message", false, "message", true},
		{"c_subject", false, "c_subject", true}, // not renamed: subject is not reserved
		{"message", false, "message", false},    // the record's own field
	} {
		key, ok := mwlog.ContextKeyOf(c.field, c.ecs)
		if key != c.key || ok != c.ok {
			t.Errorf("ContextKeyOf(%q, %v) = %q, %v; want %q, %v", c.field, c.ecs, key, ok, c.key, c.ok)
		}
	}
	for _, k := range mwlog.ReservedKeys() {
		if key, ok := mwlog.ContextKeyOf(mwlog.FlatClash(k), false); key != k || !ok {
			t.Errorf("ContextKeyOf(FlatClash(%q)) = %q, %v", k, key, ok)
		}
		if key, ok := mwlog.ContextKeyOf(mwlog.ECSLabel(k), true); key != k || !ok {
			t.Errorf("ContextKeyOf(ECSLabel(%q)) = %q, %v", k, key, ok)
		}
	}
}

// Where each layout keeps the context key `subject` and the reserved key `message`.
func Example() {
	for _, key := range []string{mwlog.KeySubject, mwlog.FieldMessage} {
		flat := key
		if mwlog.IsReserved(key) {
			flat = mwlog.FlatClash(key)
		}
		fmt.Printf("%s: flat %s, ECS %s, Monolog %s.%s\n", key, flat, mwlog.ECSLabel(key), mwlog.MonologContext, key)
	}
	// Output:
	// subject: flat subject, ECS labels.subject, Monolog context.subject
	// message: flat c_message, ECS labels.message, Monolog context.message
}
