package table_test

import (
	"fmt"

	"github.com/mailsift/mailsift/internal/table"
)

func Example() {
	var warnings []string
	opt := &table.Options{Warn: func(s string) { warnings = append(warnings, s) }}

	c := table.ParseCIDR("client.cidr", []byte(`
192.168.0.0/16   REJECT internal
192.168.1.0/24   never reached: first match wins
1.2.3.4/24       bad
!10.0.0.0/8      OK not in 10/8
`), opt.Warn)
	for _, key := range []string{"192.168.1.7", "8.8.8.8", "10.1.1.1", "[192.168.1.7]"} {
		v, found, _ := c.Lookup(key)
		fmt.Printf("%s -> %q %v\n", key, v, found)
	}

	h := table.ParseHash("texthash", "access", []byte("Example.COM REJECT domain\nexample.com second\n"), opt)
	v, found, _ := table.MapsFind(h, "EXAMPLE.com", true, opt)
	fmt.Printf("hash -> %q %v\n", v, found)

	for _, w := range warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// 192.168.1.7 -> "REJECT internal" true
	// 8.8.8.8 -> "OK not in 10/8" true
	// 10.1.1.1 -> "" false
	// [192.168.1.7] -> "" false
	// hash -> "REJECT domain" true
	// warning: cidr map client.cidr, line 4: non-null host address bits in "1.2.3.4/24", perhaps you should use "1.2.3.0/24" instead: skipping this rule
	// warning: access, line 2: duplicate entry: "example.com"
}
