//! The model built from small specs: names from context, presence,
//! composition, cycles and operations.

use super::*;

fn api(yaml: &str) -> Api {
    let text = format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\n{yaml}");
    let spec = crate::load::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    build(&spec).unwrap_or_else(|e| panic!("{e}")).0
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .defs
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| {
            let names: Vec<_> = api.types.defs.iter().map(|d| &d.name).collect();
            panic!("no type {name} in {names:?}")
        })
}

/// The features that compile the type `name` (none: every build).
fn gate<'a>(api: &'a Api, name: &str) -> &'a [String] {
    let id = api.types.defs.iter().position(|d| d.name == name).unwrap();
    api.features.gate(TypeId(id))
}

fn fields(def: &TypeDef) -> Vec<(&str, &str, Presence)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.wire_name.as_str(), f.presence))
            .collect(),
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

#[test]
fn required_and_nullable_make_four_presences() {
    let api = api(r#"
paths: {}
components:
  schemas:
    Patch:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: [string, "null"]}
        c: {type: string}
        d: {anyOf: [{type: string}, {type: "null"}]}
"#);
    assert_eq!(
        fields(def(&api, "Patch")),
        [
            ("a", "a", Presence::Required),
            ("b", "b", Presence::RequiredNullable),
            ("c", "c", Presence::Optional),
            ("d", "d", Presence::OptionalNullable),
        ]
    );
}

#[test]
fn inline_types_are_named_from_context() {
    let api = api(r#"
paths:
  /v2/account/connections:
    get:
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [active, expired]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  list:
                    type: array
                    items:
                      type: object
                      properties:
                        status: {type: string, enum: [active, expired]}
                        userData: {type: object, properties: {id: {type: string}}}
                        tags: {type: array, items: {type: object, properties: {k: {type: string}}}}
"#);
    let names: Vec<&str> = api.types.defs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ListConnectionsResponse",
            "Connection",
            "ConnectionStatus",
            "ConnectionUserData",
            "ConnectionTag"
        ]
    );
    // The parameter reuses the enum of the field it filters on.
    let op = &api.operations[0];
    assert_eq!(op.name, "list_connections");
    assert_eq!(op.params[0].ty, TypeRef::Named(TypeId(2)));
}

#[test]
fn component_names_win_and_collisions_get_qualified() {
    let api = api(r#"
paths:
  /users:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}
components:
  schemas:
    User: {type: object, properties: {name: {type: string}}}
    user: {type: object, properties: {other: {type: string}}}
    String: {type: string}
    type: {type: object, properties: {self: {type: string}, type: {type: string}, 2fa: {type: boolean}}}
"#);
    let names: Vec<&str> = api.types.defs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "User",
            "UserModel",
            "StringModel",
            "Type",
            "ListUsersResponseItem"
        ]
    );
    assert_eq!(
        fields(def(&api, "Type"))
            .iter()
            .map(|f| f.0)
            .collect::<Vec<_>>(),
        ["self_", "r#type", "n2fa"]
    );
}

#[test]
fn references_resolve_forward_and_cycles_are_boxed() {
    let api = api(r#"
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [value]
      properties:
        value: {type: integer, format: int32}
        next: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Alias', description: up}
    Alias: {$ref: '#/components/schemas/Node'}
    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
"#);
    let TypeKind::Struct(node) = &def(&api, "Node").kind else {
        panic!()
    };
    assert_eq!(node.fields[0].ty, TypeRef::I32);
    assert!(
        matches!(node.fields[1].ty, TypeRef::Box(_)),
        "a struct holding itself is boxed"
    );
    assert!(
        matches!(node.fields[2].ty, TypeRef::Vec(_)),
        "a Vec needs no box"
    );
    assert!(
        matches!(node.fields[3].ty, TypeRef::Box(_)),
        "through an alias too"
    );
    assert_eq!(
        node.fields[3].docs.as_deref(),
        Some("up"),
        "a $ref's sibling description is kept"
    );
    // `A` is a type parameter of the runtime's macros: the schema is `AModel`.
    let TypeKind::Struct(a) = &def(&api, "AModel").kind else {
        panic!()
    };
    let TypeKind::Struct(b) = &def(&api, "B").kind else {
        panic!()
    };
    let boxed = [&a.fields[0].ty, &b.fields[0].ty]
        .iter()
        .filter(|t| matches!(t, TypeRef::Box(_)))
        .count();
    assert_eq!(boxed, 1, "one box is enough to break a mutual cycle");
}

#[test]
fn composition() {
    let api = api(r#"
paths: {}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: string}}}
    Extended:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {extra: {type: number}}}
    Either:
      oneOf:
        - $ref: '#/components/schemas/Base'
        - {type: string}
    Map: {type: object, additionalProperties: {type: integer}}
    Open: {type: object, properties: {a: {type: string}}, additionalProperties: true}
    Typed: {type: object, properties: {a: {type: string}}, additionalProperties: {type: object, properties: {n: {type: integer}}}}
    Free: {}
"#);
    assert_eq!(
        fields(def(&api, "Extended")),
        [
            ("id", "id", Presence::Required),
            ("extra", "extra", Presence::Optional)
        ]
    );
    let TypeKind::OneOf(crate::model::OneOf { variants, .. }) = &def(&api, "Either").kind else {
        panic!()
    };
    assert_eq!(
        variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["Base", "String"]
    );
    assert_eq!(
        def(&api, "Map").kind,
        TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::I64)))
    );
    assert_eq!(def(&api, "Free").kind, TypeKind::Alias(TypeRef::Json));
    let additional = |name: &str| match &def(&api, name).kind {
        TypeKind::Struct(s) => s.additional.clone().map(|a| (a.name, a.ty)),
        _ => None,
    };
    assert_eq!(
        additional("Open"),
        Some(("additional_properties".into(), TypeRef::Json))
    );
    let typed_value = api
        .types
        .defs
        .iter()
        .position(|d| d.name == "TypedValue")
        .map(TypeId);
    assert_eq!(
        additional("Typed").map(|a| a.1),
        typed_value.map(TypeRef::Named)
    );
    assert_eq!(additional("Base"), None);
}

#[test]
fn enum_values_become_unique_variants_with_a_catch_all() {
    let api = api(r#"
paths: {}
components:
  schemas:
    Odd: {type: string, enum: ["", "+1", "-1", "a b", "A B", unknown, active]}
"#);
    let TypeKind::Enum(e) = &def(&api, "Odd").kind else {
        panic!()
    };
    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        ["Empty", "Plus1", "Minus1", "AB", "AB2", "Unknown", "Active"]
    );
    assert_eq!(
        e.unknown_variant, "Other",
        "the catch-all steps aside for a real `unknown` value"
    );
}

#[test]
fn operations_without_ids_and_their_parameters() {
    let api = api(r#"
security: [{key: []}]
paths:
  /v2/users/{userId}:
    parameters:
      - {name: userId, in: path, required: true, schema: {type: string}}
    get:
      parameters:
        - {name: x-connection-id, in: header, required: true, schema: {type: string}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}, explode: false}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
        '404': {description: missing}
        '5XX': {description: broken}
    delete:
      security: []
      responses: {'204': {description: gone}}
  /v2/access/users/{userId}:
    get:
      operationId: getAccessUser
      parameters: [{name: userId, in: path, required: true, schema: {type: string}}]
      responses: {default: {description: any}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: apiKey}
"#);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["get_user", "delete_user", "get_access_user"]);
    let get = &api.operations[0];
    assert_eq!(
        get.params
            .iter()
            .map(|p| (p.name.as_str(), p.location, p.required))
            .collect::<Vec<_>>(),
        [
            ("user_id", ParamLocation::Path, true),
            ("x_connection_id", ParamLocation::Header, true),
            ("tags", ParamLocation::Query, false),
        ]
    );
    assert!(!get.params[2].explode);
    let errors: Vec<_> = get
        .errors
        .iter()
        .map(|e| (&e.status, e.description.as_deref()))
        .collect();
    assert_eq!(
        errors,
        [
            (&ErrorStatus::Code(404), Some("missing")),
            (&ErrorStatus::Range(5), Some("broken"))
        ]
    );
    assert_eq!(get.security, [vec![0]]);
    assert!(
        api.operations[1].security.is_empty(),
        "`security: []` turns authentication off"
    );
    assert_eq!(api.operations[1].success.body, ResponseBody::Empty);
    assert_eq!(
        api.operations[2].success.status, "default",
        "a lone default response is the success"
    );
    assert_eq!(
        api.auth
            .slots
            .iter()
            .map(|s| (s.name.as_str(), &s.location))
            .collect::<Vec<_>>(),
        [("api_key", &AuthLocation::Header("apiKey".into()))]
    );
}

#[test]
fn security_requirements_and_shared_headers_are_slots() {
    let api = api(r#"
security: [{key: []}]
paths:
  /v2/access/posts:
    get:
      security: [{key: [], conn: []}, {token: []}]
      responses: {'204': {description: ok}}
  /v2/access/users/{userId}:
    get:
      parameters:
        - {name: userId, in: path, required: true, schema: {type: string}}
        - {name: X-Connection-Id, in: header, required: true, schema: {type: string}}
        - {name: x-trace, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
  /v2/access/chats:
    get:
      parameters:
        - {name: x-connection-id, in: header, required: true, schema: {type: string}}
        - {name: x-trace, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
  /v2/open:
    get:
      security: []
      parameters:
        - {name: x-only-here, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: apiKey}
    conn: {type: apiKey, in: header, name: x-connection-id}
    token: {type: oauth2, flows: {}}
"#);
    let slots: Vec<(&str, Option<&str>)> = api
        .auth
        .slots
        .iter()
        .map(|s| (s.name.as_str(), s.scheme_name.as_deref()))
        .collect();
    assert_eq!(
        slots,
        [
            ("api_key", Some("key")),
            ("connection_id", Some("conn")),
            ("token", Some("token")),
            ("trace", None)
        ]
    );
    let ops = &api.operations;
    // AND within a requirement, OR between them; the shared header is the
    // scheme's slot, required where the parameter was, and no argument.
    assert_eq!(ops[0].security, [vec![0, 1], vec![2]]);
    assert_eq!(ops[1].security, [vec![0, 1]]);
    assert_eq!(ops[1].optional_slots, [3]);
    assert_eq!(ops[2].security, [vec![0, 1]]);
    assert!(ops[3].security.is_empty());
    assert!(
        api.operations[1]
            .params
            .iter()
            .all(|p| p.location != ParamLocation::Header)
    );
    // A header only one operation has stays its argument.
    assert_eq!(api.operations[3].params[0].wire_name, "x-only-here");
}

#[test]
fn ambiguous_operation_names_use_the_whole_path() {
    let api = api(r#"
paths:
  /v2/account/connections: {get: {responses: {'200': {description: ok}}}}
  /v2/access/connections: {get: {responses: {'200': {description: ok}}}}
  /a: {get: {operationId: same, responses: {'200': {description: ok}}}}
  /b: {get: {operationId: same, responses: {'200': {description: ok}}}}
"#);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "list_account_connections",
            "list_access_connections",
            "same",
            "same_2"
        ]
    );
}

#[test]
fn pagination_is_detected_only_where_it_fits() {
    let page = r#"{application/json: {schema: {type: object, required: [list, hasMore], properties: {list: {type: array, items: {type: string}}, hasMore: {type: boolean}, nextOffset: {type: integer}}}}}"#;
    let api = api(&format!(
        r#"
paths:
  /items:
    get:
      parameters:
        - {{name: limit, in: query, schema: {{type: number}}}}
        - {{name: offset, in: query, schema: {{type: number}}}}
      responses: {{'200': {{description: ok, content: {page}}}}}
  /other:
    get:
      responses: {{'200': {{description: ok, content: {page}}}}}
"#
    ));
    let pagination = api.operations[0].pagination.as_ref().expect("paginated");
    assert_eq!(
        (
            pagination.items_field.as_str(),
            pagination.has_more_field.as_str()
        ),
        ("list", "has_more")
    );
    assert_eq!(
        pagination.next_offset_field.as_ref().map(|f| f.0.as_str()),
        Some("next_offset")
    );
    assert!(
        api.operations[1].pagination.is_none(),
        "no offset parameter, no stream"
    );
}

#[test]
fn unresolvable_references_name_their_place() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/Missing'}}}\n    C: {$ref: 'other.yaml#/C'}\n";
    let spec = crate::load::parse(text).unwrap();
    let err = build(&spec).unwrap_err();
    assert_eq!(err.pointer, "/components/schemas/A/properties/b");
    assert!(err.message.contains("Missing"), "{err}");
}

#[test]
fn other_2xx_bodies_that_differ_are_warnings() {
    let text = r##"openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: string}}}}
        "201": {description: made, content: {application/json: {schema: {type: integer}}}}
        "202": {description: same, content: {application/json: {schema: {type: string}}}}
"##;
    let spec = crate::load::parse(text).unwrap();
    let (api, warnings) = build(&spec).unwrap();
    assert_eq!(api.operations[0].success.status, "200");
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "at /paths/~1things/post/responses/201: its body differs from the 200 response's, \
          whose type the method returns for every 2xx status; a 201 answer is decoded as that type"
        ]
    );
}

#[test]
fn operations_do_not_take_the_clients_own_methods() {
    let api = api(r#"
paths:
  /a: {get: {operationId: withTimeout, responses: {"204": {description: ok}}}}
  /b: {get: {operationId: builder, responses: {"204": {description: ok}}}}
  /c: {get: {operationId: getC, responses: {"204": {description: ok}}}}
"#);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert!(
        !names.contains(&"with_timeout") && !names.contains(&"builder"),
        "{names:?}"
    );
    assert!(names.contains(&"get_c"), "{names:?}");
}

#[test]
fn request_models_without_required_fields_implement_default() {
    let api = api(r#"
paths:
  /things:
    patch:
      operationId: patchThing
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Patch'}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Thing'}}
    post:
      operationId: createThing
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/New'}}
      responses: {"204": {description: ok}}
components:
  schemas:
    Patch:
      type: object
      properties:
        name: {type: string}
        note: {type: [string, "null"]}
    New:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Thing:
      type: object
      properties:
        name: {type: string}
"#);
    let default = |name: &str| match &def(&api, name).kind {
        TypeKind::Struct(s) => s.default,
        other => panic!("{other:?}"),
    };
    // Built by users and all optional; built but with a required field;
    // only received.
    assert!(default("Patch"));
    assert!(!default("New"));
    assert!(!default("Thing"));
}

#[test]
fn webhooks_become_payloads_and_an_event_enum() {
    let text = r##"openapi: 3.1.0
info: {title: T, version: '1'}
x-webhook-signing: hmac-md5
webhooks:
  a.made:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                kind: {const: a.made}
                id: {type: string}
  bGone:
    post:
      requestBody:
        $ref: '#/components/requestBodies/Gone'
components:
  requestBodies:
    Gone:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Gone'}
  schemas:
    Event: {type: string}
    Gone:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [b.gone]}
"##;
    let spec = crate::load::parse(text).unwrap();
    let (api, warnings) = build(&spec).unwrap();
    let hooks = &api.webhooks;
    let names: Vec<(&str, &str, Option<&str>)> = hooks
        .list
        .iter()
        .map(|w| {
            (
                w.name.as_str(),
                w.parse_fn.as_str(),
                w.event_type.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("a.made", "parse_a_made", Some("a.made")),
            ("bGone", "parse_b_gone", Some("b.gone"))
        ]
    );
    // The component `Event` keeps its name; the enum takes the next.
    let event = api.types.get(hooks.event.unwrap());
    assert_eq!(event.name, "WebhookEvent");
    let TypeKind::OneOf(OneOf {
        variants,
        discriminator: Some(d),
    }) = &event.kind
    else {
        panic!("{event:?}");
    };
    assert_eq!(d.property, "kind");
    let variants: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(variants, ["AMade", "BGone"]);
    // An unknown scheme is a warning, and no verification.
    assert_eq!(hooks.signing, None);
    assert!(
        warnings
            .iter()
            .any(|w| w.pointer == "/x-webhook-signing" && w.message.contains("hmac-md5")),
        "{warnings:?}"
    );
}

#[test]
fn schemes_the_client_cannot_send_are_warnings() {
    let text = r##"openapi: 3.1.0
info: {title: T, version: '1'}
security: [{mtls: []}, {oauth: []}]
paths:
  /a: {get: {responses: {'204': {description: ok}}}}
components:
  securitySchemes:
    mtls: {type: mutualTLS}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.b/t', scopes: {}}}}
"##;
    let spec = crate::load::parse(text).unwrap();
    let (api, model_warnings) = build(&spec).unwrap();
    let warnings: Vec<String> = spec
        .warnings
        .iter()
        .chain(&model_warnings)
        .map(ToString::to_string)
        .collect();
    for expected in [
        "at /components/securitySchemes/mtls: mutual TLS",
        "at /security/0: `mtls` names no security scheme",
        "at /components/securitySchemes/oauth: the client does not run OAuth 2",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "{expected}: {warnings:#?}"
        );
    }
    // The token is the one credential; the mTLS alternative is gone.
    assert_eq!(api.auth.slots.len(), 1);
    assert_eq!(api.auth.slots[0].location, AuthLocation::Bearer);
    assert_eq!(api.operations[0].security, [vec![0]]);
}

#[test]
fn all_of_keeps_inherited_and_own_fields_and_annotations_add_docs() {
    let api = api(r#"
paths: {}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
    Resource:
      type: object
      allOf: [{$ref: '#/components/schemas/Base'}]
      required: [size]
      properties:
        size: {type: integer}
    Name: {type: string}
    Holder:
      type: object
      properties:
        label:
          allOf:
            - {$ref: '#/components/schemas/Name'}
            - {description: The label, xml: {name: Label}}
        flag: {type: boolean, uniqueItems: true}
    A:
      type: object
      properties:
        a: {type: string}
"#);
    assert_eq!(
        fields(def(&api, "Resource")),
        [
            ("id", "id", Presence::Required),
            ("name", "name", Presence::Optional),
            ("size", "size", Presence::Required),
        ]
    );
    let TypeKind::Struct(holder) = &def(&api, "Holder").kind else {
        panic!()
    };
    let label = &holder.fields[0];
    assert!(matches!(label.ty, TypeRef::Named(id) if api.types.get(id).name == "Name"));
    assert_eq!(
        label.docs.as_deref(),
        None,
        "the field's own schema is the allOf"
    );
    assert_eq!(holder.fields[1].ty, TypeRef::Bool);
    // `A` is a type parameter inside the runtime's macros.
    assert!(api.types.defs.iter().any(|d| d.name == "AModel"));
}

#[test]
fn all_of_recursion_ends() {
    let api = api(r#"
paths: {}
components:
  schemas:
    Expression:
      type: object
      properties:
        Not:
          allOf:
            - {$ref: '#/components/schemas/Expression'}
            - {description: Not this one}
        And:
          allOf:
            - {$ref: '#/components/schemas/Expressions'}
            - {description: All of these}
        Scoped:
          allOf:
            - {$ref: '#/components/schemas/Expression'}
            - {type: object, properties: {scope: {type: string}}}
    Expressions:
      type: array
      items: {$ref: '#/components/schemas/Expression'}
"#);
    let TypeKind::Struct(expression) = &def(&api, "Expression").kind else {
        panic!()
    };
    let names: Vec<&str> = expression.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["not", "and", "scoped"]);
    // `Not` is an `Expression`, boxed (it closes a cycle).
    assert!(matches!(&expression.fields[0].ty, TypeRef::Box(inner)
        if matches!(**inner, TypeRef::Named(id) if api.types.get(id).name == "Expression")));
    // The merged `Scoped` keeps Expression's fields and its own, once.
    let scoped = api
        .types
        .defs
        .iter()
        .find(|d| d.name.contains("Scoped"))
        .unwrap();
    assert_eq!(
        fields(scoped).iter().map(|f| f.0).collect::<Vec<_>>(),
        ["not", "and", "scoped", "scope"]
    );
}

#[test]
fn undeclared_templates_and_query_strings_in_paths_are_parameters() {
    let text = r##"openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}:
    get:
      responses: {'204': {description: ok}}
  /search?query={query}&page={page}:
    get:
      parameters:
        - {name: page, in: path, required: true, schema: {type: integer}}
      responses: {'204': {description: ok}}
"##;
    let spec = crate::load::parse(text).unwrap();
    let (api, warnings) = build(&spec).unwrap();
    let params = |i: usize| -> Vec<(&str, ParamLocation, &TypeRef)> {
        api.operations[i]
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.location, &p.ty))
            .collect()
    };
    assert_eq!(params(0), [("id", ParamLocation::Path, &TypeRef::String)]);
    assert_eq!(api.operations[1].path, "/search");
    assert_eq!(
        params(1),
        [
            ("page", ParamLocation::Query, &TypeRef::I64),
            ("query", ParamLocation::Query, &TypeRef::String)
        ]
    );
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(warnings[0].starts_with("at /paths/~1a~1{id}/get: the path names `{id}`"));
}

#[test]
fn references_may_point_anywhere_in_the_document() {
    let api = api(r##"
paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - {name: id, in: query, schema: {$ref: '#/components/parameters/id/schema'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Foo/properties/bar'}
        '401':
          description: no
          content:
            application/json:
              schema: {type: object, properties: {why: {type: string}}}
  /again:
    $ref: '#/paths/~1users'
  /other:
    get:
      operationId: other
      responses:
        '401': {$ref: '#/paths/~1users/get/responses/401'}
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Foo/definitions/baz'}
components:
  parameters:
    id: {name: id, in: query, schema: {type: integer, format: int32}}
  schemas:
    Foo:
      type: object
      properties:
        bar: {type: object, properties: {x: {type: string}}}
      definitions:
        baz: {type: array, items: {type: boolean}}
"##);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let list = &api.operations[0];
    // The parameter's schema, reached by pointer, is a component named
    // after its place: `pub type Id = i32;`.
    let TypeRef::Named(id) = &list.params[0].ty else {
        panic!("{:?}", list.params[0].ty)
    };
    assert_eq!(api.types.get(*id).kind, TypeKind::Alias(TypeRef::I32));
    let ResponseBody::Json(TypeRef::Named(bar)) = &list.success.body else {
        panic!("{:?}", list.success.body)
    };
    assert_eq!(api.types.get(*bar).name, "FooBar");
    assert_eq!(
        fields(api.types.get(*bar)),
        [("x", "x", Presence::Optional)]
    );
    // The path item given by `$ref` is a copy of `/users`.
    assert_eq!(api.operations[1].path, "/again");
    let other = &api.operations[2];
    assert!(
        matches!(&other.success.body, ResponseBody::Json(TypeRef::Named(id))
        if api.types.get(*id).name == "FooBaz")
    );
    assert_eq!(other.errors.len(), 1);
}

#[test]
fn tags_gate_their_operations_and_the_types_only_they_use() {
    let api = api(r##"
paths:
  /repos:
    get:
      operationId: listRepos
      tags: [Repos]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Repo'}}}}
  /issues:
    get:
      operationId: listIssues
      tags: [Issues, Code Scanning]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Issue'}}}}
  /meta:
    get:
      operationId: meta
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Meta'}}}}
webhooks:
  issueOpened:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Hook'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Owner: {type: object, properties: {login: {type: string}}}
    Repo: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
    Issue: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}, repo: {$ref: '#/components/schemas/Repo'}}}
    Meta: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}, version: {type: string}}}
    Hook: {type: object, properties: {issue: {$ref: '#/components/schemas/Issue'}}}
    Unused: {type: object, properties: {x: {type: string}}}
"##);
    assert_eq!(api.features.tags, ["code-scanning", "issues", "repos"]);
    let op = |name: &str| api.operations.iter().find(|o| o.name == name).unwrap();
    assert_eq!(op("list_repos").features, ["repos"]);
    assert_eq!(op("list_issues").features, ["code-scanning", "issues"]);
    assert!(op("meta").features.is_empty(), "untagged: every build");
    // A module per set of features that operations have, and per feature
    // that alone compiles types (Hook: the webhooks'); untagged operations
    // have none, nor the types several features compile.
    let modules: Vec<(&str, &[String])> = api
        .features
        .modules
        .iter()
        .map(|m| (m.name.as_str(), m.features.as_slice()))
        .collect();
    assert_eq!(
        modules,
        [
            (
                "code_scanning_and_issues",
                &["code-scanning".to_owned(), "issues".to_owned()][..]
            ),
            ("repos", &["repos".to_owned()][..]),
            ("webhooks", &["webhooks".to_owned()][..]),
        ]
    );
    let type_module = |name: &str| {
        let id = api.types.defs.iter().position(|d| d.name == name).unwrap();
        api.features.type_module(TypeId(id))
    };
    let files: Vec<(bool, bool)> = api
        .features
        .modules
        .iter()
        .map(|m| (m.operations, m.types))
        .collect();
    assert_eq!(files, [(true, false), (true, false), (false, true)]);
    assert_eq!(type_module("Hook"), Some(2));
    assert_eq!(type_module("Issue"), None);
    assert_eq!(type_module("Owner"), None);
    assert_eq!(op("list_issues").module, Some(0));
    assert_eq!(op("list_repos").module, Some(1));
    assert_eq!(op("meta").module, None);
    // Owner: an untagged operation uses it; Meta too; Unused: nothing does.
    for always in ["Owner", "Meta", "Unused"] {
        assert!(
            gate(&api, always).is_empty(),
            "{always}: {:?}",
            gate(&api, always)
        );
    }
    // The webhooks are a feature like a tag's.
    assert!(api.features.webhooks);
    assert_eq!(gate(&api, "Hook"), ["webhooks"]);
    assert_eq!(gate(&api, "Issue"), ["code-scanning", "issues", "webhooks"]);
    assert_eq!(
        gate(&api, "Repo"),
        ["code-scanning", "issues", "repos", "webhooks"]
    );
    // Without the webhook, Repo is used by both tags' operations.
    let api = super::tests::api(
        r##"
paths:
  /repos:
    get:
      tags: [Repos]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Repo'}}}}
  /issues:
    get:
      tags: [Issues]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Issue'}}}}
components:
  schemas:
    Repo: {type: object, properties: {name: {type: string}}}
    Issue: {type: object, properties: {repo: {$ref: '#/components/schemas/Repo'}}}
"##,
    );
    assert_eq!(gate(&api, "Repo"), ["issues", "repos"]);
    assert_eq!(gate(&api, "Issue"), ["issues"]);
}

#[test]
fn identical_types_are_one_and_every_name_stays() {
    let api = api(r##"
paths:
  /a:
    get:
      operationId: listA
      tags: [A]
      parameters: [{name: offset, in: query, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                description: A page of A.
                type: object
                required: [list, hasMore]
                properties:
                  list: {type: array, items: {type: object, properties: {user: {type: object, properties: {login: {type: string, description: Handle.}}}}}}
                  hasMore: {type: boolean}
  /b:
    get:
      operationId: listB
      tags: [B]
      parameters: [{name: offset, in: query, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                description: A page of B.
                type: object
                required: [list, hasMore]
                properties:
                  list: {type: array, items: {type: object, properties: {user: {type: object, properties: {login: {type: string, description: Handle.}}}}}}
                  hasMore: {type: boolean}
  /c:
    get:
      operationId: getC
      tags: [B]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {user: {type: object, properties: {login: {type: string, description: Another doc.}}}}}
"##);
    let alias_of = |name: &str| match &def(&api, name).kind {
        TypeKind::Alias(TypeRef::Named(id)) => api.types.get(*id).name.clone(),
        other => panic!("{name} is not an alias: {other:?}"),
    };
    // The second page, its item and the item's user are copies of the
    // first's, bottom-up; each keeps its name and its own docs.
    assert_eq!(alias_of("ListBResponse"), "ListAResponse");
    assert_eq!(alias_of("B"), "ListAResponseListItem");
    assert_eq!(alias_of("BUser"), "ListAResponseListItemUser");
    assert_eq!(
        def(&api, "ListBResponse").docs.as_deref(),
        Some("A page of B.")
    );
    assert_eq!(
        def(&api, "ListAResponse").docs.as_deref(),
        Some("A page of A.")
    );
    // A field's docs are part of the shape: this user stays its own type.
    assert!(matches!(
        def(&api, "GetCResponseUser").kind,
        TypeKind::Struct(_)
    ));
    // Both operations page through the one struct.
    let pages: Vec<_> = api
        .operations
        .iter()
        .filter_map(|op| op.pagination.as_ref())
        .map(|p| api.types.get(p.page_type).name.as_str())
        .collect();
    assert_eq!(pages, ["ListAResponse", "ListAResponse"]);
    // The struct compiles for either tag; each alias for its own.
    assert_eq!(gate(&api, "ListAResponseListItemUser"), ["a", "b"]);
    assert_eq!(gate(&api, "BUser"), ["b"]);
}

#[test]
fn operations_with_the_same_response_headers_share_a_struct() {
    let api = api(r##"
paths:
  /a:
    get:
      operationId: listA
      tags: [A]
      responses:
        '200': {description: ok, headers: {Link: {schema: {type: string}}}}
  /b:
    get:
      operationId: listB
      tags: [B]
      responses:
        '200': {description: ok, headers: {Link: {schema: {type: string}}}}
  /c:
    get:
      operationId: listC
      tags: [C]
      responses:
        '200': {description: ok, headers: {Link: {schema: {type: string}, description: Other docs.}}}
  /d:
    get:
      operationId: listD
      tags: [B]
      responses:
        '200': {description: ok, headers: {Link: {schema: {type: string}}}}
"##);
    let shared: Vec<(&str, Option<&str>, &[String])> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.name.as_str(),
                op.headers_shared.same_as.as_deref(),
                op.headers_shared.features.as_slice(),
            )
        })
        .collect();
    // Docs are part of the headers: C keeps its own struct. The first
    // struct is defined for every tag whose operations name it.
    assert_eq!(
        shared,
        [
            ("list_a", None, &["a".to_owned(), "b".to_owned()][..]),
            ("list_b", Some("ListAHeaders"), &["b".to_owned()][..]),
            ("list_c", None, &["c".to_owned()][..]),
            ("list_d", Some("ListAHeaders"), &["b".to_owned()][..]),
        ]
    );
}

#[test]
fn operations_with_the_same_optional_parameters_share_a_params_struct() {
    let api = api(r##"
paths:
  /a:
    get:
      operationId: listA
      tags: [A]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: listB
      tags: [B]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: id, in: query, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
  /c:
    get:
      operationId: listC
      tags: [C]
      parameters: [{name: page, in: query, description: Other docs., schema: {type: integer}}]
      responses: {'204': {description: ok}}
  /d:
    get:
      operationId: listD
      tags: [B]
      parameters: [{name: page, in: header, schema: {type: integer}}]
      responses: {'204': {description: ok}}
  /e:
    post:
      operationId: postE
      tags: [B]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: {type: string}}}}
      responses: {'204': {description: ok}}
  /f:
    get:
      operationId: listF
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'204': {description: ok}}
"##);
    let shared: Vec<(&str, Option<&str>, &[String])> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.name.as_str(),
                op.params_shared.same_as.as_deref(),
                op.params_shared.features.as_slice(),
            )
        })
        .collect();
    // Required parameters are arguments, not fields: B shares A's struct.
    // Docs, the place and an optional body are part of it: C, D and E
    // keep their own. An operation every build has makes the struct
    // every build's.
    assert_eq!(
        shared,
        [
            ("list_a", None, &[][..]),
            ("list_b", Some("ListAParams"), &["b".to_owned()][..]),
            ("list_c", None, &["c".to_owned()][..]),
            ("list_d", None, &["b".to_owned()][..]),
            ("post_e", None, &["b".to_owned()][..]),
            ("list_f", Some("ListAParams"), &[][..]),
        ]
    );
}

#[test]
fn module_names_are_identifiers_that_name_nothing_else() {
    let api = api(r##"
paths:
  /a: {get: {tags: [Models], responses: {'204': {description: ok}}}}
  /b: {get: {tags: [2FA], responses: {'204': {description: ok}}}}
  /c: {get: {tags: [Type], responses: {'204': {description: ok}}}}
  /d: {get: {tags: [A and B], responses: {'204': {description: ok}}}}
  /e: {get: {tags: [A, B], responses: {'204': {description: ok}}}}
  /f: {get: {tags: [Aux], responses: {'204': {description: ok}}}}
  /g: {get: {tags: [COM1], responses: {'204': {description: ok}}}}
"##);
    let names: Vec<&str> = api
        .features
        .modules
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    // `type` is written `r#type` (its file is `type.rs`); `a` + `b` and
    // `a-and-b` would have the same name; Windows has no `aux.rs`.
    assert_eq!(
        names,
        [
            "a_and_b",
            "a_and_b_2",
            "r#type",
            "tag_2fa",
            "tag_aux",
            "tag_com1",
            "tag_models"
        ]
    );
    assert_eq!(api.features.modules[1].features, ["a-and-b"]);
}
