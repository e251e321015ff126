// Package client calls the payment provider.
package client

import (
	"net/http"
	"time"
)

const providerTimeout = 2 * time.Minute

// New returns the client the API uses for the payment provider.
func New() *http.Client {
	return &http.Client{Timeout: providerTimeout}
}

// Ping checks that the provider answers.
func Ping(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
