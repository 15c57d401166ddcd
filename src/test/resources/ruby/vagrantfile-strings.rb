# Loads a Vagrantfile against a recorder instead of Vagrant, and prints every string the file
# passes to Vagrant (as lists of code points, in JSON), so a test can compare them with the
# blueprint's values exactly. Only used by hagen's tests.
require 'json'

$strings = []

class Recorder
  def method_missing(_name, *args, **kwargs, &block)
    args.each { |a| Recorder.collect(a) }
    kwargs.each_value { |v| Recorder.collect(v) }
    block.call(Recorder.new) if block
    Recorder.new
  end

  def respond_to_missing?(*_args)
    true
  end

  def self.collect(value)
    case value
    when String then $strings << value
    when Array then value.each { |v| collect(v) }
    when Hash then value.each_value { |v| collect(v) }
    end
  end
end

module Vagrant
  def self.require_version(*_args); end

  def self.configure(_version)
    yield Recorder.new
  end
end

load ARGV[0]
puts JSON.generate($strings.map { |s| s.unpack('U*') })
