module github.com/mailsift/mailsift

go 1.26.8

require github.com/dlclark/regexp2/v2 v2.12.0
