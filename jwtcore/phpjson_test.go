package jwtcore

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDecodePHPJSON(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want string // re-encoded with lcobucci's encoder when ok
	}{
		{`{"a":1,"b":2,"a":3}`, true, `{"a":3,"b":2}`},
		{`{}`, true, `[]`},
		{`{"0":"x","1":"y"}`, true, `["x","y"]`},
		{`{"1":"x"}`, true, `{"1":"x"}`},
		{`[1,"a",null,true,false,1.5,-0,1e2]`, true, `[1,"a",null,true,false,1.5,0,100]`},
		{` {"a" : [ ] } `, true, `{"a":[]}`},
		{`"\u00e9\/\ud83d\ude00"`, true, `"é/😀"`},
		{`"\u2028"`, true, `"\u2028"`},
		{`"<&>"`, true, `"<&>"`},
		{`"\u001f\u007f"`, true, "\"\\u001f\x7f\""},
		{"", false, ""},
		{`{"a":1}x`, false, ""},
		{`{'a':1}`, false, ""},
		{`[1,]`, false, ""},
		{`01`, false, ""},
		{`1.`, false, ""},
		{`.5`, false, ""},
		{`-`, false, ""},
		{`1e`, false, ""},
		{`TRUE`, false, ""},
		{`"\ud800"`, false, ""},
		{`"\udc00\ud800"`, false, ""},
		{`"\x"`, false, ""},
		{"\"\x01\"", false, ""},
		{"\"\xff\"", false, ""},
		{"\xef\xbb\xbf{}", false, ""},
		{`"\u12"`, false, ""},
		{strings.Repeat("[", 511) + strings.Repeat("]", 511), true, strings.Repeat("[", 511) + strings.Repeat("]", 511)},
		{strings.Repeat("[", 512) + strings.Repeat("]", 512), false, ""},
		{strings.Repeat(`{"a":`, 512) + "1" + strings.Repeat("}", 512), false, ""},
		{strings.Repeat("[", 100000), false, ""},
	}
	for _, tt := range tests {
		name := tt.in
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			v, err := decodePHPJSON(tt.in)
			if !tt.ok {
				if !errors.Is(err, ErrJSON) {
					t.Fatalf("accepted: %#v", v)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := encodePHPJSON(v)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDecodePHPJSONManyKeysLastWins(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, `"k%d":%d,`, i%2500, i)
	}
	b.WriteString(`"end":true}`)
	v, err := decodePHPJSON(b.String())
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	if o.Len() != 2501 || o.Members[0].Key != "k0" || o.Members[0].Value != Number("2500") || o.Members[2499].Value != Number("4999") {
		t.Fatalf("got %d members, first %v", o.Len(), o.Members[0])
	}
}
