module github.com/gradewalk/gradewalk

go 1.24.0

require (
	github.com/stretchr/testify v1.12.1
	golang.org/x/image v0.30.0
	golang.org/x/text v0.28.0
	gonum.org/v1/plot v0.17.0
)

require (
	codeberg.org/go-fonts/liberation v0.5.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
