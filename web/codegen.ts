import type { CodegenConfig } from "@graphql-codegen/cli";

// Types come from the checked-in SDL, never from a running server, so a schema change that breaks the page fails
// `npm run build` (and CI) before the bundle is rebuilt.
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: "string", Date: "string" },
      },
    },
  },
};

export default config;
