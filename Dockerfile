# Multi-stage build: compile in the official Rust image, run on a slim Debian with the binary only.
FROM rust:1.95-bookworm AS build
WORKDIR /src
# Dependencies first, so editing the service does not rebuild them.
COPY Cargo.toml Cargo.lock build.rs ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && mkdir migrations && cargo build --release --locked \
    && rm -rf src migrations
COPY src src
COPY migrations migrations
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 clinic
COPY --from=build /src/target/release/clinic-analytics /usr/local/bin/clinic-analytics
USER clinic
ENV LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["clinic-analytics"]
CMD ["serve"]
