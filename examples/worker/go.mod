module example.com/shop/worker

go 1.20

require (
	example.com/shop/sharedlib v0.4.0
	example.com/queue v1.8.2
)

replace (
	example.com/shop/sharedlib => ../sharedlib
	example.com/queue v1.8.2 => /home/bob/go/src/queue
)
