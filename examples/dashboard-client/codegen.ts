import type { CodegenConfig } from "@graphql-codegen/cli";

// Types come from the checked-in SDL, never from a running server, so CI catches a schema change
// that breaks these operations before any client ships.
const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: "string", Date: "string" },
      },
    },
  },
};

export default config;
