package usernames

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

func benchMapData(format string, n int) []byte {
	var buf bytes.Buffer
	switch format {
	case "csv":
		buf.WriteString("id,name\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&buf, "%d,\"User %d, \"\"the\"\" Ω\"\n", i, i)
		}
	case "json":
		buf.WriteString("{\n")
		for i := 1; i <= n; i++ {
			if i > 1 {
				buf.WriteString(",\n")
			}
			fmt.Fprintf(&buf, "%q: \"User %d Ω\"", fmt.Sprint(i), i)
		}
		buf.WriteString("\n}\n")
	}
	return buf.Bytes()
}

func BenchmarkParseMap(b *testing.B) {
	for _, format := range []string{"csv", "json"} {
		data := benchMapData(format, 100_000)
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := ParseMap("bench", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkResolveFromMap(b *testing.B) {
	users := Map{}
	var subjects []string
	for i := int64(1); i <= 10_000; i++ {
		users[i] = fmt.Sprint("User ", i)
		subjects = append(subjects, fmt.Sprint("CentralAuth::", i), "anon")
	}
	r, err := New(WithUsers(users))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r.Resolve(context.Background(), subjects)
	}
}
