package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// user is a CentralAuth global account. Names are fictional but shaped like real ones:
// Unicode in many scripts, spaces, commas, quotes, temporary accounts, bots.
type user struct {
	ID   int64
	Name string
	// Listed says whether the users map written beside the sample knows the id; a few
	// are left out on purpose (hidden or renamed accounts) so resolution has misses.
	Listed bool
	Bot    bool
}

// fixedUsers are the accounts with hand-picked awkward names.
var fixedUsers = []user{
	{ID: 1184, Name: "Example", Listed: true},
	{ID: 20441, Name: "Björn Ågren", Listed: true},
	{ID: 38110, Name: "Smith, John", Listed: true},
	{ID: 41277, Name: `The "Quoted" Editor`, Listed: true},
	{ID: 52001, Name: "Маша Петрова", Listed: true},
	{ID: 66112, Name: "山田太郎", Listed: true},
	{ID: 70035, Name: "محمد العلي", Listed: true},
	{ID: 81220, Name: "Zoë O'Brien", Listed: true},
	{ID: 93457, Name: "Ελένη", Listed: true},
	{ID: 104522, Name: "दीपक कुमार", Listed: true},
	{ID: 118804, Name: "Łukasz Żółć", Listed: true},
	{ID: 126663, Name: "Nguyễn Văn An", Listed: true},
	{ID: 139001, Name: "Anna-Lena Müller", Listed: true},
	{ID: 152210, Name: "Ωmega, \"the\" reviewer", Listed: true},
	{ID: 166403, Name: "김민준", Listed: true},
	{ID: 171515, Name: "IOS-Eng-Test", Listed: true},
	{ID: 188001, Name: "Jean-François L'Heureux", Listed: true},
	{ID: 190112, Name: "שרה כהן", Listed: true},
	{ID: 203344, Name: "Citation Helper Bot", Listed: true, Bot: true},
	{ID: 211187, Name: "CeLBot", Listed: true, Bot: true},
	{ID: 222900, Name: "MwClientBot", Listed: true, Bot: true},
	{ID: 230011, Name: "Editor 2 (WMF)", Listed: true},
	{ID: 241560, Name: "Maintenance script", Listed: true},
	{ID: 252718, Name: "Emoji 🦊 Fan", Listed: true},
	{ID: 263004, Name: "Ölçüm, Şükrü", Listed: true},
	{ID: 274433, Name: "Pedro Álvarez", Listed: true},
	{ID: 285012, Name: "Tiểu Long", Listed: true},
	{ID: 296601, Name: "Ahmed; Ali", Listed: true},
	{ID: 307788, Name: "Kalle Anka", Listed: true},
	{ID: 318203, Name: "Smith, John (bot)", Listed: true, Bot: true},
	{ID: 329944, Name: "~2025-31337-42", Listed: true},
	{ID: 331020, Name: "~2025-40112-07", Listed: true},
	{ID: 342871, Name: "~2025-52001-93", Listed: true},
	{ID: 353100, Name: "Wiki Gnome", Listed: true},
	{ID: 364455, Name: "Hidden account", Listed: false},
	{ID: 375012, Name: "Renamed user 8f3a2c", Listed: false},
	{ID: 386620, Name: "Старый редактор", Listed: false},
	{ID: 397001, Name: "Vanished user 1123581321", Listed: false},
	{ID: 48213567, Name: "New Editor 2025", Listed: true},
	{ID: 50220413, Name: "Patroller, Night", Listed: true},
	{ID: 51888002, Name: "Ngozi Okafor", Listed: true},
	{ID: 52990017, Name: "李小龍", Listed: false},
	{ID: 53000001, Name: "Test \"account\", please ignore", Listed: true},
}

// generatedSyllables build the long tail of ordinary accounts.
var generatedSyllables = []string{"ka", "ri", "lo", "men", "ta", "sol", "vi", "ne", "dar", "po", "el", "zu", "mar", "io"}

// newUsers returns the fixed accounts followed by a deterministic tail of ordinary ones.
func newUsers(r rng, tail int) []user {
	us := append([]user(nil), fixedUsers...)
	seen := map[int64]bool{}
	for _, u := range us {
		seen[u.ID] = true
	}
	for len(us) < len(fixedUsers)+tail {
		id := int64(r.between(1000, 60000000))
		if seen[id] {
			continue
		}
		seen[id] = true
		name := ""
		for range r.between(2, 3) {
			name += pick(r, generatedSyllables)
		}
		name = string(name[0]-'a'+'A') + name[1:]
		if r.chance(0.3) {
			name += " " + strconv.Itoa(r.between(1, 99))
		}
		us = append(us, user{ID: id, Name: name, Listed: !r.chance(0.05)})
	}
	return us
}

// listedUsers returns the accounts the users map knows, by id.
func listedUsers(us []user) []user {
	var out []user
	for _, u := range us {
		if u.Listed {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// writeUsersCSV writes the map as RFC 4180 CSV with an `id,name` header.
func writeUsersCSV(w io.Writer, us []user) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "name"}); err != nil {
		return err
	}
	for _, u := range listedUsers(us) {
		if err := cw.Write([]string{strconv.FormatInt(u.ID, 10), u.Name}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeUsersJSON writes the map as one JSON object {"id":"name"}, ids in numeric order,
// one member per line so a diff of it reads well.
func writeUsersJSON(w io.Writer, us []user) error {
	b := []byte("{\n")
	for i, u := range listedUsers(us) {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, "  "...)
		b = appendJSONString(b, strconv.FormatInt(u.ID, 10))
		b = append(b, ": "...)
		b = appendJSONString(b, u.Name)
	}
	b = append(b, "\n}\n"...)
	_, err := w.Write(b)
	if err != nil {
		return fmt.Errorf("users json: %w", err)
	}
	return nil
}
