package testcluster

// Option changes the index template a load creates.
type Option func(*mapping)

// mapping is what the index template says; the zero value plus defaults() is
// Wikimedia's logstash-* template (operations/puppet,
// modules/profile/files/logstash/templates/logstash_7.0-1.json: the template of the
// daily logstash-<partition>-1-7.0.0-1-YYYY.MM.DD indices), field for field. Only the
// settings a one-node test cannot keep differ: no replicas (production: 2), no
// disktype=ssd allocation rule (the node has no such attribute: the shards would never
// be assigned), the default refresh interval (production: 10s; a load refreshes itself).
type mapping struct {
	shards         int
	ignoreAbove    int  // 0: the .keyword subfields keep every value, as at Wikimedia
	messageKeyword bool // false: message is text only, as at Wikimedia
	fields         map[string]object
	ecs            bool // the ecs-* indices' mapping instead
}

// WithECS loads into Wikimedia's ECS indices instead (ecs-<partition>-1-1.11.0-N-
// YYYY.MM.DD; operations/puppet, ecs_1.11.0 templates): every dynamic string is a
// keyword of up to 1024 characters (labels.* included), message is text, and there is
// no "all" field. Use it with UniqueECSPrefix and ECSDocuments.
func WithECS() Option { return func(m *mapping) { m.ecs = true } }

// infix is what sits between a prefix and the day in the daily index names.
func (m *mapping) infix() string {
	if m.ecs {
		return ECSDailyInfix
	}
	return DailyInfix
}

// WithField maps one field explicitly (e.g. {"type": "long"}), as Wikimedia's template
// maps request_time or response_size: indices of two loads can then disagree on a
// field's type, as daily indices do when a template changes.
func WithField(name string, fieldMapping map[string]any) Option {
	return func(m *mapping) {
		if m.fields == nil {
			m.fields = map[string]object{}
		}
		m.fields[name] = fieldMapping
	}
}

// WithIgnoreAbove caps the .keyword subfields at n characters, as Elastic's stock
// Logstash template does (256); a longer value is kept in _source and in the text field
// but is missing from the keyword. Wikimedia sets no cap.
func WithIgnoreAbove(n int) Option { return func(m *mapping) { m.ignoreAbove = n } }

// WithMessageKeyword gives message a .keyword subfield like every other string field,
// as Elastic's stock Logstash template does. At Wikimedia message is text only (only
// normalized_message has a keyword), so nothing can aggregate or sort on it there.
func WithMessageKeyword() Option { return func(m *mapping) { m.messageKeyword = true } }

// WithShards sets the primary shards per daily index (Wikimedia: 1). More than one makes
// paging and aggregation merge answers from several shards, as on a real cluster.
func WithShards(n int) Option { return func(m *mapping) { m.shards = n } }

type object = map[string]any

// keyword is a .keyword subfield.
func (m *mapping) keyword() object {
	k := object{"type": "keyword"}
	if m.ignoreAbove > 0 {
		k["ignore_above"] = m.ignoreAbove
	}
	return k
}

// searchable is a text field with an exact .keyword, copied into "all" (the default
// field of a query without one, so a bare word in --query searches every field).
func (m *mapping) searchable() object {
	return object{"type": "text", "norms": false, "copy_to": "all", "fields": object{"keyword": m.keyword()}}
}

func exactField() object { return object{"type": "keyword", "copy_to": "all"} }

// template returns the composable index template for the indices matching pattern.
func (m *mapping) template(pattern string) object {
	if m.ecs {
		return m.ecsTemplate(pattern)
	}
	message := object{"type": "text", "norms": false, "copy_to": "all"}
	if m.messageKeyword {
		message = m.searchable()
	}
	// Logstash's Wikimedia template turns every dynamic value into text with a keyword:
	// numbers and booleans too, so one field can hold 5 in one line and "5" in the next.
	dynamic := []any{object{"message_field": object{"path_match": "message", "match_mapping_type": "string", "mapping": message}}}
	dynamic = append(dynamic, object{"string_fields": object{"match": "*", "match_mapping_type": "string", "mapping": m.searchable()}})
	for _, t := range []string{"boolean", "double", "long"} {
		dynamic = append(dynamic, object{t + "_to_string": object{"match_mapping_type": t, "mapping": m.searchable()}})
	}
	properties := object{
		"all":        object{"type": "text", "norms": false},
		"@timestamp": object{"type": "date"},
		"@version":   object{"type": "keyword"},
		"geoip": object{"dynamic": true, "properties": object{
			"ip":        object{"type": "ip"},
			"location":  object{"type": "geo_point"},
			"latitude":  object{"type": "half_float"},
			"longitude": object{"type": "half_float"},
		}},
		"host":               exactField(),
		"level":              exactField(),
		"type":               exactField(),
		"tags":               exactField(),
		"udp_sender":         exactField(),
		"message":            message,
		"normalized_message": m.searchable(),
		"sequence_id":        object{"type": "long"},
		"request_time":       object{"type": "float"},
		"upstream_time":      object{"type": "float"},
		"response_size":      object{"type": "long"},
		"maxSeconds":         object{"type": "float"},
		"actualSeconds":      object{"type": "float"},
	}
	for name, f := range m.fields {
		properties[name] = f
	}
	return object{
		"index_patterns": []string{pattern},
		// Above the templates other tests or a stock install may have for logstash-*.
		"priority": 500,
		"template": object{
			"settings": object{
				"number_of_shards":                 m.shards,
				"number_of_replicas":               0, // one node
				"index.query.default_field":        "all",
				"index.mapping.total_fields.limit": 2048,
				"analysis":                         object{"analyzer": object{"default": object{"type": "standard", "stopwords": "_none_"}}},
			},
			"mappings": object{
				"date_detection":    false,
				"numeric_detection": false,
				"dynamic_templates": dynamic,
				"properties":        properties,
			},
		},
	}
}

// ecsTemplate is the ECS indices' template: the fields jwtriage reads, as Wikimedia's
// ECS 1.11 template maps them.
func (m *mapping) ecsTemplate(pattern string) object {
	keyword := object{"type": "keyword", "ignore_above": 1024}
	if m.ignoreAbove > 0 {
		keyword["ignore_above"] = m.ignoreAbove
	}
	properties := object{
		"@timestamp": object{"type": "date"},
		"message":    object{"type": "text", "norms": false},
	}
	for name, f := range m.fields {
		properties[name] = f
	}
	return object{
		"index_patterns": []string{pattern},
		"priority":       500,
		"template": object{
			"settings": object{"number_of_shards": m.shards, "number_of_replicas": 0},
			"mappings": object{
				"date_detection":    false,
				"dynamic_templates": []any{object{"strings_as_keyword": object{"match_mapping_type": "string", "mapping": keyword}}},
				"properties":        properties,
			},
		},
	}
}
