package usernames_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/wikimedia/jwtriage/usernames"
)

// A report resolves the subjects it shows, most frequent first, and prints each
// subject beside its label, so an unresolved one still carries its counts.
func ExampleResolver_Resolve() {
	users, err := usernames.ParseMap("users.csv", []byte("id,name\n12345,Example\n"))
	if err != nil {
		log.Fatal(err)
	}
	r, err := usernames.New(
		usernames.WithUsers(users),
		usernames.WithWarn(func(msg string) { fmt.Fprintln(os.Stderr, msg) }),
	)
	if err != nil {
		log.Fatal(err)
	}
	subjects := []string{"CentralAuth::12345", "CentralAuth::777", "anon", "Some User", "CentralAuth::x"}
	res, st := r.Resolve(context.Background(), subjects)
	for _, s := range subjects {
		fmt.Printf("%-20s %q %s\n", s, res[s].Label(), res[s].Status)
	}
	fmt.Printf("%d ids: %d resolved, %d invalid, %d unresolved\n", st.IDs, st.Resolved, st.Invalid, st.Unresolved)
	// Output:
	// CentralAuth::12345   "Example" resolved
	// CentralAuth::777     "(unresolved)" unresolved
	// anon                 "" n/a
	// Some User            "Some User" resolved
	// CentralAuth::x       "(invalid id)" invalid
	// 3 ids: 1 resolved, 1 invalid, 1 unresolved
}
