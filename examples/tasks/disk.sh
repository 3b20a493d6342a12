#!/bin/sh
# Bolt task without parameters: plain text output becomes the value { "_output": ... }.
exec df -h
