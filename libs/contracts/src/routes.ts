// Reading a route map (WidgetRoutes, ConsoleRoutes): what a route takes and answers.

/** The JSON body a route answers with; `void` when it answers without one. */
export type ResponseOf<Route> = Route extends { response: infer Response } ? Response : never;
/** The JSON body a route takes. */
export type BodyOf<Route> = Route extends { body: infer Body } ? Body : never;
/** The query parameters a route reads. */
export type QueryOf<Route> = Route extends { query: infer Query } ? Query : never;

/**
 * Resolves to `Shape` only when it has exactly the contract's fields, each assignable to the contract's: the api's
 * OpenAPI response classes are checked with it, since `implements` alone lets a class add fields the contract lacks.
 */
export type Conforms<Contract, Shape extends Contract & Record<Exclude<keyof Shape, keyof Contract>, never>> = Shape;
